<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 405 `method_not_allowed`: the path exists, the method does not (the answer names the allowed ones in `Allow`). */
class MethodNotAllowedException extends ApiException
{
}
