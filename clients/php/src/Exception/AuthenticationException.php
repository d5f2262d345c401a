<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 401 `unauthorized`: no token, an unknown, revoked or expired one, or an operator token on a tenant route. */
class AuthenticationException extends ApiException
{
}
