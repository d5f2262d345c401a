<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 500 `internal`: the API failed; quote the request id to the operator. */
class InternalErrorException extends ApiException
{
}
