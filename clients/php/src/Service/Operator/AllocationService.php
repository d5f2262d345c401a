<?php
declare(strict_types=1);

namespace DroCloud\Service\Operator;

use DroCloud\Service\AbstractService;

/** A tenant's allocations (quota per scope): `$operator->allocations`. */
final class AllocationService extends AbstractService
{
    /**
     * Maps to PUT /v1/admin/tenants/{id}/allocations/{scope}. `$caps` needs exactly
     * `max_containers`, `max_cpu` and `max_mem_bytes` (`null` is uncapped; memory as bytes or a
     * string such as `"4g"`). Scope `*` is tenant-wide, else a region name.
     *
     * @param array{max_containers: ?int, max_cpu: int|float|null, max_mem_bytes: int|string|null} $caps
     * @return array<string, mixed> the allocation with its usage, as in GET /v1/quota
     */
    public function put(string $tenantId, string $scope, array $caps): array
    {
        return $this->http->request('PUT', '/v1/admin/tenants/' . self::segment($tenantId) . '/allocations/' . self::segment($scope), [], $caps);
    }

    /** Maps to DELETE /v1/admin/tenants/{id}/allocations/{scope} (running containers keep running). @return array<string, mixed> */
    public function delete(string $tenantId, string $scope): array
    {
        return $this->http->request('DELETE', '/v1/admin/tenants/' . self::segment($tenantId) . '/allocations/' . self::segment($scope));
    }
}
