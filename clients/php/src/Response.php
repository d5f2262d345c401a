<?php
declare(strict_types=1);

namespace DroCloud;

/** One HTTP answer: status, headers (lower-case names), the raw body and its decoded JSON. */
final class Response
{
    /** @param array<string, string> $headers lower-case names */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly string $body,
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** The `X-Request-Id` every answer carries. */
    public function requestId(): ?string
    {
        return $this->header('x-request-id');
    }

    /** True when an Idempotency-Key retry was answered from the stored first answer. */
    public function replayed(): bool
    {
        return $this->header('idempotent-replayed') === 'true';
    }

    /** @return array<mixed>|null the body as JSON, null when it is not a JSON object or array */
    public function json(): ?array
    {
        if ($this->body === '') {
            return null;
        }
        $decoded = json_decode($this->body, true);
        return is_array($decoded) ? $decoded : null;
    }
}
