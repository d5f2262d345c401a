<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 429 `rate_limited`, after the client's own retries: `retryAfter()` seconds, when the answer said. */
class RateLimitedException extends ApiException
{
    private ?int $retryAfter = null;

    /** @internal */
    public function withRetryAfter(?int $seconds): static
    {
        $this->retryAfter = $seconds;
        return $this;
    }

    /** The `Retry-After` of the last answer, in seconds. */
    public function retryAfter(): ?int
    {
        return $this->retryAfter;
    }
}
