<?php
declare(strict_types=1);

namespace DroCloud;

use DroCloud\Service\ContainerService;
use DroCloud\Service\EventService;

/**
 * The tenant API (`/v1/…`) with a tenant token (`dro_…`).
 *
 *     $client = new DroCloud\Client(getenv('DRO_TOKEN'), ['base_url' => 'https://api.example.com']);
 *     $c = $client->containers->create(['name' => 'web', 'image' => 'nginx:1.27', 'host_key' => 'fra-07', 'ports' => [80]]);
 *     foreach ($client->containers->list(['label' => 'app=shop']) as $container) { … }
 *
 * Answers are the API's JSON as associative arrays; errors are DroCloud\Exception\* exceptions.
 */
class Client
{
    public readonly ContainerService $containers;
    public readonly EventService $events;
    protected readonly HttpClient $http;

    /**
     * @param array{base_url: string, ca_file?: string, timeout?: float, connect_timeout?: float,
     *              max_retries?: int, retry_base_delay?: float, max_retry_delay?: float, user_agent?: string} $options
     *        `base_url` (required) the API's address; `ca_file` a PEM bundle to trust instead of the
     *        system's; `timeout` seconds per attempt (30); `max_retries` after the first attempt (2);
     *        `retry_base_delay` the first backoff in seconds (0.5), doubling up to `max_retry_delay` (20).
     */
    public function __construct(string $token, array $options)
    {
        $this->http = new HttpClient($token, $options);
        $this->containers = new ContainerService($this->http);
        $this->events = new EventService($this->http, '/v1/events');
    }

    /** Maps to GET /v1/quota: `{"allocations": [{scope, max_…, used_…}]}`. @return array<string, mixed> */
    public function quota(): array
    {
        return $this->http->request('GET', '/v1/quota');
    }

    /** Maps to GET /v1/hosts: `{"hosts": [{host_key, region, cpu_count, mem_bytes, public_address}]}`. @return array<string, mixed> */
    public function hosts(): array
    {
        return $this->http->request('GET', '/v1/hosts');
    }

    /** The last HTTP answer received (status, headers, `requestId()`, `replayed()`). */
    public function lastResponse(): ?Response
    {
        return $this->http->lastResponse();
    }
}
