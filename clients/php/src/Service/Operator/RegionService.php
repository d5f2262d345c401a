<?php
declare(strict_types=1);

namespace DroCloud\Service\Operator;

use DroCloud\Pager;
use DroCloud\Service\AbstractService;

/** Regions: `$operator->regions`. */
final class RegionService extends AbstractService
{
    /** Maps to POST /v1/admin/regions (`{name}`). @param array{idempotency_key?: string} $options @return array<string, mixed> */
    public function create(string $name, array $options = []): array
    {
        return $this->http->request('POST', '/v1/admin/regions', [], ['name' => $name], ['kind' => 'create'] + $options);
    }

    /** Maps to GET /v1/admin/regions. @param array{limit?: int, cursor?: string} $params */
    public function list(array $params = []): Pager
    {
        return $this->pager('/v1/admin/regions', 'regions', $params);
    }
}
