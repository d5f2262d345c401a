<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/**
 * The request got no answer (connect failure, TLS failure, timeout, reset), after the client's own
 * retries. For a create that carried an Idempotency-Key, `idempotencyKey()` lets the caller retry
 * it later without creating twice.
 */
class ConnectionException extends \RuntimeException implements DroCloudException
{
    public function __construct(string $message, private readonly int $curlErrno = 0, private readonly ?string $idempotencyKey = null)
    {
        parent::__construct($message, $curlErrno);
    }

    /** curl's error number (CURLE_OPERATION_TIMEDOUT, …). */
    public function curlErrno(): int
    {
        return $this->curlErrno;
    }

    /** The Idempotency-Key the attempts carried, if the request was a create. */
    public function idempotencyKey(): ?string
    {
        return $this->idempotencyKey;
    }
}
