<?php
declare(strict_types=1);

namespace DroCloud\Service\Operator;

use DroCloud\Pager;
use DroCloud\Service\AbstractService;

/** Any tenant's containers, read-only: `$operator->containers`. */
final class ContainerService extends AbstractService
{
    /**
     * Maps to GET /v1/admin/containers, every page as you iterate.
     *
     * @param array{tenant_id?: string, host_key?: string, observed_state?: string, label?: string, limit?: int, cursor?: string} $params
     */
    public function list(array $params = []): Pager
    {
        return $this->pager('/v1/admin/containers', 'containers', $params);
    }

    /** Maps to GET /v1/admin/containers/{id}. @return array<string, mixed> */
    public function get(string $id): array
    {
        return $this->http->request('GET', '/v1/admin/containers/' . self::segment($id));
    }
}
