<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 503 `unavailable` (the database is down), after the client's own retries. */
class UnavailableException extends ApiException
{
}
