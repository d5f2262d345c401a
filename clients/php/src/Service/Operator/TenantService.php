<?php
declare(strict_types=1);

namespace DroCloud\Service\Operator;

use DroCloud\Pager;
use DroCloud\Service\AbstractService;

/** Tenants: `$operator->tenants`. */
final class TenantService extends AbstractService
{
    /**
     * Maps to POST /v1/admin/tenants (`{name, external_ref?}`), with an Idempotency-Key. The
     * `external_ref` of a live tenant with the same name answers that tenant (200) instead of a
     * second one; with another name it is a ConflictException (`external_ref_taken`).
     *
     * @param array{name: string, external_ref?: string} $tenant
     * @param array{idempotency_key?: string} $options
     * @return array<string, mixed> the tenant
     */
    public function create(array $tenant, array $options = []): array
    {
        return $this->http->request('POST', '/v1/admin/tenants', [], $tenant, ['kind' => 'create'] + $options);
    }

    /**
     * Maps to GET /v1/admin/tenants, every page as you iterate.
     *
     * @param array{external_ref?: string, status?: string, limit?: int, cursor?: string} $params
     */
    public function list(array $params = []): Pager
    {
        return $this->pager('/v1/admin/tenants', 'tenants', $params);
    }

    /** Maps to GET /v1/admin/tenants/{id}: the tenant with `allocations` and `container_count`. @return array<string, mixed> */
    public function get(string $id): array
    {
        return $this->http->request('GET', '/v1/admin/tenants/' . self::segment($id));
    }

    /**
     * Maps to PATCH /v1/admin/tenants/{id} (`{allowed_egress_cidrs}`).
     *
     * @param array<string, mixed> $changes
     * @return array<string, mixed>
     */
    public function update(string $id, array $changes): array
    {
        return $this->http->request('PATCH', '/v1/admin/tenants/' . self::segment($id), [], $changes);
    }

    /** Maps to POST /v1/admin/tenants/{id}/suspend (202; repeating it changes nothing). @return array<string, mixed> */
    public function suspend(string $id): array
    {
        return $this->http->request('POST', '/v1/admin/tenants/' . self::segment($id) . '/suspend', [], null, ['kind' => 'safe']);
    }

    /** Maps to POST /v1/admin/tenants/{id}/resume (202; repeating it changes nothing). @return array<string, mixed> */
    public function resume(string $id): array
    {
        return $this->http->request('POST', '/v1/admin/tenants/' . self::segment($id) . '/resume', [], null, ['kind' => 'safe']);
    }

    /**
     * Maps to DELETE /v1/admin/tenants/{id}[?force=true]: terminate (202). The tenant is `deleting`
     * until its last container is removed, then `deleted`. `force` marks containers on disabled
     * hosts removed.
     *
     * @return array<string, mixed>
     */
    public function delete(string $id, bool $force = false): array
    {
        return $this->http->request('DELETE', '/v1/admin/tenants/' . self::segment($id), $force ? ['force' => 'true'] : []);
    }
}
