<?php
declare(strict_types=1);

namespace DroCloud\Service\Operator;

use DroCloud\Pager;
use DroCloud\Service\AbstractService;

/** Fleet hosts: `$operator->hosts`. */
final class HostService extends AbstractService
{
    /**
     * Maps to POST /v1/admin/hosts.
     *
     * @param array{host_key: string, region: string, public_address?: string} $host
     * @param array{idempotency_key?: string} $options
     * @return array<string, mixed>
     */
    public function create(array $host, array $options = []): array
    {
        return $this->http->request('POST', '/v1/admin/hosts', [], $host, ['kind' => 'create'] + $options);
    }

    /** Maps to GET /v1/admin/hosts (with the reconciler's last run and the queued jobs). @param array{limit?: int, cursor?: string} $params */
    public function list(array $params = []): Pager
    {
        return $this->pager('/v1/admin/hosts', 'hosts', $params);
    }

    /**
     * Maps to PATCH /v1/admin/hosts/{key} (`public_address`, `cpu_count`, `mem_bytes`).
     *
     * @param array<string, mixed> $changes
     * @return array<string, mixed>
     */
    public function update(string $hostKey, array $changes): array
    {
        return $this->http->request('PATCH', '/v1/admin/hosts/' . self::segment($hostKey), [], $changes);
    }

    /** Maps to POST /v1/admin/hosts/{key}/disable. @return array<string, mixed> */
    public function disable(string $hostKey): array
    {
        return $this->http->request('POST', '/v1/admin/hosts/' . self::segment($hostKey) . '/disable', [], null, ['kind' => 'safe']);
    }

    /** Maps to POST /v1/admin/hosts/{key}/enable. @return array<string, mixed> */
    public function enable(string $hostKey): array
    {
        return $this->http->request('POST', '/v1/admin/hosts/' . self::segment($hostKey) . '/enable', [], null, ['kind' => 'safe']);
    }
}
