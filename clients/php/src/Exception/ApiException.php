<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/**
 * The API answered with an error: `{"error", "message", "detail", "request_id"}`.
 * Each error code has its subclass; an answer that is not the API's JSON (a proxy's page) is this
 * class with the code `http_<status>`.
 */
class ApiException extends \RuntimeException implements DroCloudException
{
    /** @param array<string, mixed> $detail */
    public function __construct(
        string $message,
        private readonly int $httpStatus,
        private readonly string $errorCode,
        private readonly array $detail = [],
        private readonly ?string $requestId = null,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, $httpStatus, $previous);
    }

    /** The HTTP status (400, 403, 404, …). */
    public function httpStatus(): int
    {
        return $this->httpStatus;
    }

    /** The stable snake_case code (`validation_error`, `conflict`, …); `http_<status>` for a non-JSON answer. */
    public function errorCode(): string
    {
        return $this->errorCode;
    }

    /** @return array<string, mixed> machine-readable context (`field`, `reason`, the quota dimension, …) */
    public function detail(): array
    {
        return $this->detail;
    }

    /** The request id (the response's `X-Request-Id`): quote it when asking the operator. */
    public function requestId(): ?string
    {
        return $this->requestId;
    }
}
