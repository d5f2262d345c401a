<?php
declare(strict_types=1);

namespace DroCloud\Service\Operator;

use DroCloud\Pager;
use DroCloud\Service\AbstractService;

/** A tenant's API tokens: `$operator->tokens`. */
final class TokenService extends AbstractService
{
    /**
     * Maps to POST /v1/admin/tenants/{id}/tokens (`{name, expires_in_days?}`): 201
     * `{id, name, token, created_at, expires_at}`; `token` (the secret) is shown only here.
     *
     * Sent with an Idempotency-Key. If the first attempt's answer is lost (timeout, reset, 502)
     * the retry cannot be given the secret again: it throws SecretNotReplayableException, whose
     * `createdId()` is the token the first attempt made. Revoke it and call create() again.
     *
     * @param array{name: string, expires_in_days?: int} $token
     * @param array{idempotency_key?: string} $options
     * @return array<string, mixed>
     */
    public function create(string $tenantId, array $token, array $options = []): array
    {
        return $this->http->request('POST', '/v1/admin/tenants/' . self::segment($tenantId) . '/tokens', [], $token, ['kind' => 'create'] + $options);
    }

    /** Maps to GET /v1/admin/tenants/{id}/tokens (never a secret). @param array{limit?: int, cursor?: string} $params */
    public function list(string $tenantId, array $params = []): Pager
    {
        return $this->pager('/v1/admin/tenants/' . self::segment($tenantId) . '/tokens', 'tokens', $params);
    }

    /** Maps to DELETE /v1/admin/tenants/{id}/tokens/{token_id}. @return array<string, mixed> */
    public function revoke(string $tenantId, string $tokenId): array
    {
        return $this->http->request('DELETE', '/v1/admin/tenants/' . self::segment($tenantId) . '/tokens/' . self::segment($tokenId));
    }
}
