<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 413 `payload_too_large`: the request body is over the API's limit. */
class PayloadTooLargeException extends ApiException
{
}
