<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 415 `unsupported_media_type`: a body that is not `application/json`. */
class UnsupportedMediaTypeException extends ApiException
{
}
