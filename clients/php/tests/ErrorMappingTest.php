<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use DroCloud\Client;
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
use DroCloud\HttpClient;
use DroCloud\Response;
use PHPUnit\Framework\TestCase;

/** Each error code of the API arrives as its exception, with detail and the response's request id. */
final class ErrorMappingTest extends TestCase
{
    private static function caught(callable $call): ApiException
    {
        try {
            $call();
        } catch (ApiException $e) {
            return $e;
        }
        self::fail('no ApiException was thrown');
    }

    public function testAValidationErrorNamesTheFieldAndCarriesTheRequestId(): void
    {
        $client = Stack::tenant()['client'];
        $e = self::caught(fn () => $client->containers->create(Stack::spec(['labels' => ['app' => str_repeat('x', 300)]])));
        $this->assertInstanceOf(ValidationException::class, $e);
        $this->assertSame(400, $e->httpStatus());
        $this->assertSame('validation_error', $e->errorCode());
        $this->assertSame('labels.app', $e->field());
        $this->assertNotEmpty($e->getMessage());
        $this->assertNotNull($e->requestId());
        $this->assertSame($client->lastResponse()->requestId(), $e->requestId(), 'the request id is the X-Request-Id of the answer');
    }

    public function testNotFound(): void
    {
        $tenant = Stack::tenant();
        $e = self::caught(fn () => $tenant['client']->containers->get('ctr_000000000000000000000000'));
        $this->assertInstanceOf(NotFoundException::class, $e);
        $this->assertSame(404, $e->httpStatus());
        $this->assertSame($tenant['client']->lastResponse()->requestId(), $e->requestId());

        $operatorMiss = self::caught(fn () => Stack::operator()->tenants->get('ten_000000000000000000000000'));
        $this->assertInstanceOf(NotFoundException::class, $operatorMiss);
    }

    public function testAConflictCarriesItsReason(): void
    {
        $client = Stack::tenant()['client'];
        $spec = Stack::spec(['start' => false]);
        $client->containers->create($spec);
        $e = self::caught(fn () => $client->containers->create($spec));
        $this->assertInstanceOf(ConflictException::class, $e);
        $this->assertSame(409, $e->httpStatus());
        $this->assertSame('name_taken', $e->reason());

        $key = HttpClient::newIdempotencyKey();
        $client->containers->create(Stack::spec(['start' => false]), ['idempotency_key' => $key]);
        $reused = self::caught(fn () => $client->containers->create(Stack::spec(['start' => false]), ['idempotency_key' => $key]));
        $this->assertInstanceOf(ConflictException::class, $reused);
        $this->assertSame('idempotency_key_reused', $reused->reason());
    }

    public function testQuotaExceededIsA403WithItsDimension(): void
    {
        $client = Stack::tenant(['max_containers' => 1, 'max_cpu' => 8, 'max_mem_bytes' => '1g'])['client'];
        $client->containers->create(Stack::spec(['start' => false]));
        $e = self::caught(fn () => $client->containers->create(Stack::spec(['start' => false])));
        $this->assertInstanceOf(QuotaExceededException::class, $e);
        $this->assertSame(403, $e->httpStatus());
        $this->assertSame('quota_exceeded', $e->errorCode());
        $this->assertSame('*', $e->detail()['scope']);
        $this->assertNotNull($e->requestId());
    }

    public function testASuspendedTenantIsForbidden(): void
    {
        $tenant = Stack::tenant();
        Stack::operator()->tenants->suspend($tenant['id']);
        $e = self::caught(fn () => $tenant['client']->quota());
        $this->assertInstanceOf(ForbiddenException::class, $e);
        $this->assertSame('forbidden', $e->errorCode());
    }

    public function testAnUnknownTokenIsUnauthorized(): void
    {
        $client = new Client('dro_000000000000000000000000_' . str_repeat('A', 43), Stack::clientOptions());
        $e = self::caught(fn () => $client->quota());
        $this->assertInstanceOf(AuthenticationException::class, $e);
        $this->assertSame(401, $e->httpStatus());
    }

    public function testATenantTokenUnderAdminAnswersLikeAnUnknownRoute(): void
    {
        // A tenant token under /v1/admin/ answers like an unknown route.
        $tenant = Stack::tenant();
        $asOperator = new \DroCloud\OperatorClient($tenant['token'], Stack::clientOptions());
        $this->assertInstanceOf(NotFoundException::class, self::caught(fn () => $asOperator->regions->list()->firstPage()));
    }

    public function testAWrongMethodIsMethodNotAllowed(): void
    {
        $http = new HttpClient(Stack::tenant()['token'], Stack::clientOptions() + ['max_retries' => 0]);
        $e = self::caught(fn () => $http->request('PUT', '/v1/quota', [], []));
        $this->assertInstanceOf(MethodNotAllowedException::class, $e);
        $this->assertSame(405, $e->httpStatus());
        $this->assertSame($http->lastResponse()->requestId(), $e->requestId());
    }

    /** @return array<string, array{0: int, 1: string, 2: array<string, mixed>, 3: class-string}> */
    public static function errorCodes(): array
    {
        return [
            'validation_error' => [400, 'validation_error', ['field' => 'name'], ValidationException::class],
            'unauthorized' => [401, 'unauthorized', [], AuthenticationException::class],
            'forbidden' => [403, 'forbidden', [], ForbiddenException::class],
            'quota_exceeded' => [403, 'quota_exceeded', ['scope' => '*'], QuotaExceededException::class],
            'not_found' => [404, 'not_found', [], NotFoundException::class],
            'method_not_allowed' => [405, 'method_not_allowed', [], MethodNotAllowedException::class],
            'conflict' => [409, 'conflict', ['reason' => 'name_taken'], ConflictException::class],
            'secret_not_replayable' => [409, 'conflict', ['reason' => 'secret_not_replayable', 'id' => 'tok_1'], SecretNotReplayableException::class],
            'cursor_expired' => [410, 'cursor_expired', [], CursorExpiredException::class],
            'payload_too_large' => [413, 'payload_too_large', [], PayloadTooLargeException::class],
            'unsupported_media_type' => [415, 'unsupported_media_type', [], UnsupportedMediaTypeException::class],
            'rate_limited' => [429, 'rate_limited', [], RateLimitedException::class],
            'internal' => [500, 'internal', [], InternalErrorException::class],
            'unavailable' => [503, 'unavailable', [], UnavailableException::class],
        ];
    }

    /**
     * Every code the API answers has its exception class, carrying the detail and request id.
     * @dataProvider errorCodes
     * @param array<string, mixed> $detail
     */
    public function testEveryErrorCodeHasItsException(int $status, string $code, array $detail, string $class): void
    {
        $requestId = bin2hex(random_bytes(16));
        $body = json_encode(['error' => $code, 'message' => 'm', 'detail' => $detail === [] ? new \stdClass() : $detail,
                             'request_id' => $requestId]);
        $e = HttpClient::error(new Response($status, ['content-type' => 'application/json'], (string) $body));
        $this->assertSame($class, get_class($e));
        $this->assertSame([$status, $code, $detail, $requestId], [$e->httpStatus(), $e->errorCode(), $e->detail(), $e->requestId()]);
    }

    public function testNoAnswerIsAConnectionExceptionAfterBoundedRetries(): void
    {
        // Nothing listens on port 9 of loopback: a connect failure, retried max_retries times.
        $client = new Client('dro_x', ['base_url' => 'https://127.0.0.1:9', 'max_retries' => 2, 'retry_base_delay' => 0.05, 'connect_timeout' => 1]);
        $started = microtime(true);
        try {
            $client->containers->create(Stack::spec());
            $this->fail('no exception');
        } catch (ConnectionException $e) {
            $this->assertSame(CURLE_COULDNT_CONNECT, $e->curlErrno());
            $this->assertStringContainsString('attempt 3', $e->getMessage());
            $this->assertNotNull($e->idempotencyKey(), 'a create tells the key its attempts carried');
        }
        $this->assertLessThan(5, microtime(true) - $started);
    }
}
