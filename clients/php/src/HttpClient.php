<?php
declare(strict_types=1);

namespace DroCloud;

use DroCloud\Exception\ApiException;
use DroCloud\Exception\AuthenticationException;
use DroCloud\Exception\ConflictException;
use DroCloud\Exception\ConnectionException;
use DroCloud\Exception\CursorExpiredException;
use DroCloud\Exception\ForbiddenException;
use DroCloud\Exception\InternalErrorException;
use DroCloud\Exception\MethodNotAllowedException;
use DroCloud\Exception\NotFoundException;
use DroCloud\Exception\PayloadTooLargeException;
use DroCloud\Exception\QuotaExceededException;
use DroCloud\Exception\RateLimitedException;
use DroCloud\Exception\SecretNotReplayableException;
use DroCloud\Exception\UnavailableException;
use DroCloud\Exception\UnsupportedMediaTypeException;
use DroCloud\Exception\ValidationException;

/**
 * The transport both clients share: one curl handle (connections are reused), JSON in and out,
 * bounded retries with backoff, and the Idempotency-Key of creates.
 *
 * Retry rules, per request kind:
 * - `safe` (GET, PUT, PATCH, DELETE, the state-setting POSTs such as start/stop/suspend, and
 *   creates, which always carry an Idempotency-Key reused by every attempt): retried after a
 *   timeout, a connection failure or reset, a 502, 503 or 504, and a 429 (after its Retry-After);
 *   a create also after `409 idempotency_key_busy` (its first attempt is still running).
 * - `once` (POSTs that are not idempotent, e.g. a container restart): retried only when the
 *   request cannot have reached the API (connect failure, 429 from nginx's limiter).
 *
 * @internal use Client or OperatorClient
 */
final class HttpClient
{
    public const VERSION = '1.0.0';

    private const RETRY_STATUSES = [502, 503, 504];
    /** curl errors after which the request may or may not have been handled. */
    private const RETRY_ERRNOS = [
        CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
        CURLE_PARTIAL_FILE, CURLE_COULDNT_CONNECT, CURLE_SSL_CONNECT_ERROR,
    ];
    /** curl errors that mean the request was never sent. */
    private const UNSENT_ERRNOS = [CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST];

    private string $baseUrl;
    private ?string $caFile;
    private float $timeout;
    private float $connectTimeout;
    private int $maxRetries;
    private float $retryBaseDelay;
    private float $maxRetryDelay;
    private string $userAgent;
    private ?\CurlHandle $curl = null;
    private ?Response $lastResponse = null;

    /** @param array<string, mixed> $options see Client::__construct */
    public function __construct(private readonly string $token, array $options)
    {
        if ($token === '') {
            throw new \InvalidArgumentException('a DRO Cloud token is required');
        }
        $base = (string) ($options['base_url'] ?? '');
        if (!preg_match('#^https?://[^/]+#', $base)) {
            throw new \InvalidArgumentException("base_url must be an http(s) URL such as https://api.example.com, got '$base'");
        }
        $this->baseUrl = rtrim($base, '/');
        $this->caFile = isset($options['ca_file']) ? (string) $options['ca_file'] : null;
        $this->timeout = (float) ($options['timeout'] ?? 30);
        $this->connectTimeout = (float) ($options['connect_timeout'] ?? 10);
        $this->maxRetries = max(0, (int) ($options['max_retries'] ?? 2));
        $this->retryBaseDelay = (float) ($options['retry_base_delay'] ?? 0.5);
        $this->maxRetryDelay = (float) ($options['max_retry_delay'] ?? 20);
        $this->userAgent = 'drocloud-php/' . self::VERSION . ' PHP/' . PHP_VERSION
            . (isset($options['user_agent']) ? ' ' . $options['user_agent'] : '');
    }

    public function __destruct()
    {
        $this->curl = null;
    }

    public function lastResponse(): ?Response
    {
        return $this->lastResponse;
    }

    /** A fresh random Idempotency-Key. */
    public static function newIdempotencyKey(): string
    {
        return 'php-' . bin2hex(random_bytes(16));
    }

    /**
     * Sends one request, with retries, and answers the decoded JSON body ([] when empty).
     *
     * @param array<string, mixed> $query
     * @param array<string, mixed>|null $body
     * @param array{kind?: 'safe'|'once'|'create', idempotency_key?: string} $options
     * @return array<mixed>
     */
    public function request(string $method, string $path, array $query = [], ?array $body = null, array $options = []): array
    {
        $kind = $options['kind'] ?? (in_array($method, ['GET', 'PUT', 'PATCH', 'DELETE'], true) ? 'safe' : 'once');
        $headers = [
            'Authorization: Bearer ' . $this->token,
            'Accept: application/json',
            'User-Agent: ' . $this->userAgent,
            'Expect:',
        ];
        $key = null;
        if ($kind === 'create') {
            $key = $options['idempotency_key'] ?? self::newIdempotencyKey();
            $headers[] = 'Idempotency-Key: ' . $key;
        }
        $payload = null;
        if ($body !== null) {
            $payload = json_encode($body === [] ? new \stdClass() : $body, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
            $headers[] = 'Content-Type: application/json';
        }
        $url = $this->baseUrl . $path . self::queryString($query);

        for ($attempt = 0; ; $attempt++) {
            $retriesLeft = $attempt < $this->maxRetries;
            [$response, $errno, $error] = $this->send($method, $url, $headers, $payload);
            if ($response === null) {
                $retryable = $kind === 'once' ? in_array($errno, self::UNSENT_ERRNOS, true) : in_array($errno, self::RETRY_ERRNOS, true);
                if ($retryable && $retriesLeft) {
                    $this->sleep($this->backoff($attempt));
                    continue;
                }
                throw new ConnectionException("$method $path: $error (curl error $errno, attempt " . ($attempt + 1) . ')', $errno, $key);
            }
            $this->lastResponse = $response;
            if ($response->status < 400) {
                return $response->json() ?? [];
            }
            $retryAfter = self::retryAfterSeconds($response->header('retry-after'));
            $retryable = $response->status === 429
                || ($kind !== 'once' && in_array($response->status, self::RETRY_STATUSES, true))
                // A retried create that overtook its own first attempt (still running after a timeout).
                || ($kind === 'create' && $response->status === 409 && (($response->json()['detail']['reason'] ?? null) === 'idempotency_key_busy'));
            if ($retryable && $retriesLeft && ($retryAfter === null || $retryAfter <= $this->maxRetryDelay)) {
                $this->sleep($retryAfter ?? $this->backoff($attempt));
                continue;
            }
            throw self::error($response, $retryAfter);
        }
    }

    /**
     * @param list<string> $headers
     * @return array{0: ?Response, 1: int, 2: string}
     */
    private function send(string $method, string $url, array $headers, ?string $payload): array
    {
        if ($this->curl === null) {
            $this->curl = curl_init();
        } else {
            curl_reset($this->curl);
        }
        $responseHeaders = [];
        $options = [
            CURLOPT_URL => $url,
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT_MS => (int) ($this->timeout * 1000),
            CURLOPT_CONNECTTIMEOUT_MS => (int) ($this->connectTimeout * 1000),
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTPS | CURLPROTO_HTTP,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use (&$responseHeaders): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $responseHeaders[strtolower(trim($parts[0]))] = trim($parts[1]);
                } elseif (str_starts_with($line, 'HTTP/')) {
                    $responseHeaders = [];
                }
                return strlen($line);
            },
        ];
        if ($this->caFile !== null) {
            $options[CURLOPT_CAINFO] = $this->caFile;
        }
        if ($payload !== null) {
            $options[CURLOPT_POSTFIELDS] = $payload;
        } elseif ($method === 'POST' || $method === 'PUT' || $method === 'PATCH') {
            $options[CURLOPT_POSTFIELDS] = '';
        }
        if ($method === 'HEAD') {
            $options[CURLOPT_NOBODY] = true;
        }
        curl_setopt_array($this->curl, $options);
        $body = curl_exec($this->curl);
        if ($body === false) {
            return [null, curl_errno($this->curl), curl_error($this->curl)];
        }
        $status = (int) curl_getinfo($this->curl, CURLINFO_RESPONSE_CODE);
        return [new Response($status, $responseHeaders, (string) $body), 0, ''];
    }

    /** Exponential backoff with full jitter above half the step: 0.5 s, 1 s, 2 s, … up to the cap. */
    private function backoff(int $attempt): float
    {
        $step = min($this->maxRetryDelay, $this->retryBaseDelay * (2 ** $attempt));
        return $step / 2 + $step / 2 * (mt_rand() / mt_getrandmax());
    }

    private function sleep(float $seconds): void
    {
        if ($seconds > 0) {
            usleep((int) ($seconds * 1_000_000));
        }
    }

    private static function retryAfterSeconds(?string $value): ?int
    {
        if ($value === null || $value === '') {
            return null;
        }
        if (ctype_digit($value)) {
            return (int) $value;
        }
        $at = strtotime($value);
        return $at === false ? null : max(0, $at - time());
    }

    /** @param array<string, mixed> $query */
    private static function queryString(array $query): string
    {
        $pairs = [];
        foreach ($query as $name => $value) {
            if ($value === null) {
                continue;
            }
            if (is_bool($value)) {
                $value = $value ? 'true' : 'false';
            }
            $pairs[] = rawurlencode((string) $name) . '=' . rawurlencode((string) $value);
        }
        return $pairs === [] ? '' : '?' . implode('&', $pairs);
    }

    /** Maps an error answer to its exception. */
    public static function error(Response $response, ?int $retryAfter = null): ApiException
    {
        $json = $response->json();
        $code = is_string($json['error'] ?? null) ? $json['error'] : 'http_' . $response->status;
        $message = is_string($json['message'] ?? null) ? $json['message'] : "HTTP {$response->status}";
        $detail = is_array($json['detail'] ?? null) ? $json['detail'] : [];
        $requestId = is_string($json['request_id'] ?? null) ? $json['request_id'] : $response->requestId();
        $class = match ($code) {
            'validation_error' => ValidationException::class,
            'unauthorized' => AuthenticationException::class,
            'forbidden' => ForbiddenException::class,
            'quota_exceeded' => QuotaExceededException::class,
            'not_found' => NotFoundException::class,
            'conflict' => ($detail['reason'] ?? null) === 'secret_not_replayable'
                ? SecretNotReplayableException::class : ConflictException::class,
            'cursor_expired' => CursorExpiredException::class,
            'rate_limited' => RateLimitedException::class,
            'unavailable' => UnavailableException::class,
            'method_not_allowed' => MethodNotAllowedException::class,
            'payload_too_large' => PayloadTooLargeException::class,
            'unsupported_media_type' => UnsupportedMediaTypeException::class,
            'internal' => InternalErrorException::class,
            default => ApiException::class,
        };
        $exception = new $class($message, $response->status, $code, $detail, $requestId);
        if ($exception instanceof RateLimitedException) {
            $exception->withRetryAfter($retryAfter);
        }
        return $exception;
    }
}
