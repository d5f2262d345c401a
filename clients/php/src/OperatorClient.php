<?php
declare(strict_types=1);

namespace DroCloud;

use DroCloud\Service\EventService;
use DroCloud\Service\Operator\AllocationService;
use DroCloud\Service\Operator\ContainerService;
use DroCloud\Service\Operator\HostService;
use DroCloud\Service\Operator\RegionService;
use DroCloud\Service\Operator\TenantService;
use DroCloud\Service\Operator\TokenService;
use DroCloud\Service\Operator\WebhookService;

/**
 * The operator API (`/v1/admin/…`) with an operator token (`droa_…`, from
 * `dro-admin operator-token create NAME`), for hosting panels.
 *
 *     $op = new DroCloud\OperatorClient(getenv('DRO_OPERATOR_TOKEN'), ['base_url' => 'https://api.example.com']);
 *     $tenant = $op->tenants->create(['name' => 'whmcs-1042', 'external_ref' => 'whmcs-1042']);
 *     $op->allocations->put($tenant['id'], '*', ['max_containers' => 5, 'max_cpu' => 2, 'max_mem_bytes' => '2g']);
 *     $token = $op->tokens->create($tenant['id'], ['name' => 'client-area'])['token'];
 *
 * Note: under `/v1/admin/` a missing, revoked or tenant token answers 404 like an unknown route,
 * so a NotFoundException on every call usually means a wrong token.
 */
class OperatorClient
{
    public readonly TenantService $tenants;
    public readonly TokenService $tokens;
    public readonly AllocationService $allocations;
    public readonly RegionService $regions;
    public readonly HostService $hosts;
    public readonly ContainerService $containers;
    public readonly EventService $events;
    public readonly WebhookService $webhooks;
    protected readonly HttpClient $http;

    /** @param array<string, mixed> $options as for Client */
    public function __construct(string $operatorToken, array $options)
    {
        $this->http = new HttpClient($operatorToken, $options);
        $this->tenants = new TenantService($this->http);
        $this->tokens = new TokenService($this->http);
        $this->allocations = new AllocationService($this->http);
        $this->regions = new RegionService($this->http);
        $this->hosts = new HostService($this->http);
        $this->containers = new ContainerService($this->http);
        $this->events = new EventService($this->http, '/v1/admin/events');
        $this->webhooks = new WebhookService($this->http);
    }

    /** The last HTTP answer received (status, headers, `requestId()`, `replayed()`). */
    public function lastResponse(): ?Response
    {
        return $this->http->lastResponse();
    }
}
