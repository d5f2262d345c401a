<?php
declare(strict_types=1);

namespace DroCloud\Service;

use DroCloud\Pager;

/** The tenant's containers: `$client->containers`. Every method answers the API's JSON as arrays. */
final class ContainerService extends AbstractService
{
    /**
     * Maps to POST /v1/containers. Sends a random Idempotency-Key (or `$options['idempotency_key']`),
     * reused by every retry, so a retried create never makes a second container.
     *
     * @param array<string, mixed> $spec name, image, host_key, env, ports, cpu_limit, mem_limit, command, restart, labels, start
     * @param array{idempotency_key?: string} $options
     * @return array<string, mixed> the container
     */
    public function create(array $spec, array $options = []): array
    {
        return $this->http->request('POST', '/v1/containers', [], $spec, ['kind' => 'create'] + $options);
    }

    /**
     * Maps to GET /v1/containers: the live containers, oldest first, every page as you iterate.
     *
     * @param array{label?: string, limit?: int, cursor?: string} $params `label` is `key=value`
     */
    public function list(array $params = []): Pager
    {
        return $this->pager('/v1/containers', 'containers', $params);
    }

    /** Maps to GET /v1/containers/{id}. @return array<string, mixed> */
    public function get(string $id): array
    {
        return $this->http->request('GET', '/v1/containers/' . self::segment($id));
    }

    /**
     * Maps to PATCH /v1/containers/{id}. A change of image, env, ports, a limit or command replaces
     * the container (its file system starts empty again).
     *
     * @param array<string, mixed> $changes
     * @return array<string, mixed>
     */
    public function update(string $id, array $changes): array
    {
        return $this->http->request('PATCH', '/v1/containers/' . self::segment($id), [], $changes);
    }

    /** Maps to POST /v1/containers/{id}/start (202). @return array<string, mixed> */
    public function start(string $id): array
    {
        return $this->http->request('POST', '/v1/containers/' . self::segment($id) . '/start', [], null, ['kind' => 'safe']);
    }

    /** Maps to POST /v1/containers/{id}/stop (202). @return array<string, mixed> */
    public function stop(string $id): array
    {
        return $this->http->request('POST', '/v1/containers/' . self::segment($id) . '/stop', [], null, ['kind' => 'safe']);
    }

    /** Maps to POST /v1/containers/{id}/restart (202); not retried once it may have been received. @return array<string, mixed> */
    public function restart(string $id): array
    {
        return $this->http->request('POST', '/v1/containers/' . self::segment($id) . '/restart', [], null, ['kind' => 'once']);
    }

    /** Maps to DELETE /v1/containers/{id} (202). @return array<string, mixed> */
    public function delete(string $id): array
    {
        return $this->http->request('DELETE', '/v1/containers/' . self::segment($id));
    }

    /**
     * Maps to GET /v1/containers/{id}/logs.
     *
     * @param array{tail?: int} $params
     * @return array<string, mixed> {container_id, captured_at, truncated, lines: [{stream, ts, text}]}
     */
    public function logs(string $id, array $params = []): array
    {
        return $this->http->request('GET', '/v1/containers/' . self::segment($id) . '/logs', $params);
    }
}
