<?php
declare(strict_types=1);

namespace DroCloudWhmcs;

use DroCloud\Client;
use DroCloud\Exception\AuthenticationException;
use DroCloud\Exception\ForbiddenException;
use DroCloud\OperatorClient;

/**
 * What the drocloud_* module functions do, on plain values (no WHMCS needed).
 *
 * One WHMCS service is one DRO Cloud tenant: name and `external_ref` are `whmcs-<serviceid>`, so
 * a repeated CreateAccount finds the same tenant (the API answers it with 200). The product's
 * three config options are the tenant-wide (`*`) allocation. The client area uses a tenant
 * token named `whmcs-client-area`, kept in the service's password field.
 */
final class Provisioner
{
    public const TOKEN_NAME = 'whmcs-client-area';

    /** @var array<string, mixed> */
    private array $clientOptions;

    public function __construct(private readonly array $params)
    {
        $this->clientOptions = self::clientOptions($params);
    }

    /**
     * The API's base URL and client options from the server's settings: Hostname (a host name,
     * `host:port`, or a whole `https://…` URL), Port, Secure, and optional `key=value` lines in the
     * Access Hash (`ca_file=/path/to/ca.pem`, `timeout=20`).
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function clientOptions(array $params): array
    {
        $host = trim((string) ($params['serverhostname'] ?? ''));
        if ($host === '') {
            $host = trim((string) ($params['serverip'] ?? ''));
        }
        if ($host === '') {
            throw new \InvalidArgumentException('the server has no hostname: set it to the DRO Cloud API address');
        }
        if (!preg_match('#^https?://#i', $host)) {
            $secure = $params['serversecure'] ?? true;
            $scheme = ($secure === false || $secure === '' || $secure === 'off' || $secure === '0') ? 'http' : 'https';
            $port = (string) ($params['serverport'] ?? '');
            $host = $scheme . '://' . $host . ($port !== '' && !str_contains($host, ':') ? ':' . $port : '');
        }
        $options = ['base_url' => rtrim($host, '/'), 'timeout' => 20, 'max_retries' => 2, 'user_agent' => 'drocloud-whmcs'];
        foreach (preg_split('/\R/', (string) ($params['serveraccesshash'] ?? '')) ?: [] as $line) {
            $pair = explode('=', trim($line), 2);
            if (count($pair) !== 2) {
                continue;
            }
            [$name, $value] = [trim($pair[0]), trim($pair[1])];
            match ($name) {
                'ca_file' => $options['ca_file'] = $value,
                'timeout' => $options['timeout'] = (float) $value,
                'max_retries' => $options['max_retries'] = (int) $value,
                default => null,
            };
        }
        return $options;
    }

    public function operator(): OperatorClient
    {
        $token = (string) ($this->params['serverpassword'] ?? '');
        if ($token === '') {
            throw new \InvalidArgumentException("the server's password must be a DRO Cloud operator token (droa_…)");
        }
        return new OperatorClient($token, $this->clientOptions);
    }

    public function tenantClient(string $token): Client
    {
        return new Client($token, $this->clientOptions);
    }

    /** `whmcs-<serviceid>`: the tenant's name and external_ref (container-name rules: [a-z0-9-]). */
    public function reference(): string
    {
        $id = $this->params['serviceid'] ?? null;
        if (!is_int($id) && !(is_string($id) && ctype_digit($id))) {
            throw new \InvalidArgumentException('the service id is missing or not a number');
        }
        $id = (int) $id;
        if ($id <= 0) {
            throw new \InvalidArgumentException('the service id is not a positive number');
        }
        return 'whmcs-' . $id;
    }

    /**
     * The `*` allocation from the product's config options: 1 containers, 2 vCPU, 3 memory
     * (MiB as a number, or a Docker size such as `2g`).
     *
     * @return array{max_containers: int, max_cpu: float, max_mem_bytes: int|string}
     */
    public function caps(): array
    {
        $containers = trim((string) ($this->params['configoption1'] ?? ''));
        $cpu = trim((string) ($this->params['configoption2'] ?? ''));
        $memory = strtolower(trim((string) ($this->params['configoption3'] ?? '')));
        if (!ctype_digit($containers)) {
            throw new \InvalidArgumentException("the product's Containers option must be a whole number, got '$containers'");
        }
        if (!is_numeric($cpu) || (float) $cpu <= 0) {
            throw new \InvalidArgumentException("the product's vCPU option must be a positive number, got '$cpu'");
        }
        if (ctype_digit($memory) && (int) $memory > 0) {
            $memoryBytes = (int) $memory * 1024 * 1024;
        } elseif (preg_match('/^[1-9][0-9]*[kmg]$/', $memory)) {
            $memoryBytes = $memory;
        } else {
            throw new \InvalidArgumentException("the product's Memory option must be MiB (2048) or a size such as 2g, got '$memory'");
        }
        return ['max_containers' => (int) $containers, 'max_cpu' => (float) $cpu, 'max_mem_bytes' => $memoryBytes];
    }

    /** The live tenant of this service, or null. @return array<string, mixed>|null */
    public function findTenant(): ?array
    {
        foreach ($this->operator()->tenants->list(['external_ref' => $this->reference()]) as $tenant) {
            if (($tenant['status'] ?? '') !== 'deleted') {
                return $tenant;
            }
        }
        return null;
    }

    /** @return array<string, mixed> */
    private function requireTenant(): array
    {
        return $this->findTenant() ?? throw new \RuntimeException('no DRO Cloud tenant exists for this service (' . $this->reference() . ')');
    }

    /**
     * Creates (or finds) the tenant, sets its allocation and makes sure the service holds a
     * working client-area token.
     *
     * @return array{tenant_id: string, token: ?string} `token` is the new secret, null when the stored one still works
     */
    public function create(): array
    {
        $caps = $this->caps();
        $operator = $this->operator();
        $reference = $this->reference();
        $tenant = $operator->tenants->create(['name' => $reference, 'external_ref' => $reference]);
        $operator->allocations->put($tenant['id'], '*', $caps);

        $stored = (string) ($this->params['password'] ?? '');
        if ($stored !== '' && $this->tokenWorks($stored)) {
            return ['tenant_id' => $tenant['id'], 'token' => null];
        }
        // The stored secret is gone or dead: revoke this module's earlier tokens (their secrets are
        // lost) so the tenant keeps exactly one, then make a new one.
        foreach ($operator->tokens->list($tenant['id']) as $token) {
            if (($token['name'] ?? null) === self::TOKEN_NAME && empty($token['revoked'])) {
                $operator->tokens->revoke($tenant['id'], $token['id']);
            }
        }
        $created = $operator->tokens->create($tenant['id'], ['name' => self::TOKEN_NAME]);
        return ['tenant_id' => $tenant['id'], 'token' => $created['token']];
    }

    private function tokenWorks(string $token): bool
    {
        if (!str_starts_with($token, 'dro_')) {
            return false;
        }
        try {
            $this->tenantClient($token)->quota();
            return true;
        } catch (ForbiddenException) {
            return true; // a suspended tenant's token is still its token
        } catch (AuthenticationException) {
            return false;
        }
    }

    public function suspend(): void
    {
        $this->operator()->tenants->suspend($this->requireTenant()['id']);
    }

    public function unsuspend(): void
    {
        $this->operator()->tenants->resume($this->requireTenant()['id']);
    }

    /** Terminates the tenant; a service without a live tenant is already terminated. */
    public function terminate(): void
    {
        $tenant = $this->findTenant();
        if ($tenant !== null) {
            $this->operator()->tenants->delete($tenant['id']);
        }
    }

    /** @return array<string, mixed> the new allocation */
    public function changePackage(): array
    {
        $caps = $this->caps();
        return $this->operator()->allocations->put($this->requireTenant()['id'], '*', $caps);
    }

    /** @return array{success: bool, error: string} */
    public function testConnection(): array
    {
        $this->operator()->regions->list(['limit' => 1])->firstPage();
        return ['success' => true, 'error' => ''];
    }

    /**
     * The client area's view, with the service's own tenant token.
     *
     * @return array{containers: list<array<string, mixed>>, allocations: list<array<string, mixed>>}
     */
    public function overview(): array
    {
        $token = (string) ($this->params['password'] ?? '');
        if ($token === '') {
            throw new \RuntimeException('this service has no DRO Cloud token yet');
        }
        $client = $this->tenantClient($token);
        $containers = [];
        foreach ($client->containers->list(['limit' => 200]) as $container) {
            $endpoints = [];
            foreach ($container['ports'] ?? [] as $port) {
                if (isset($port['host_port'])) {
                    $endpoints[] = [
                        'address' => ($port['host_ip'] ?? '') . ':' . $port['host_port'],
                        'container_port' => (int) $port['container_port'],
                        'protocol' => (string) $port['protocol'],
                    ];
                }
            }
            $containers[] = [
                'id' => (string) $container['id'],
                'name' => (string) $container['name'],
                'image' => (string) $container['image'],
                'host_key' => (string) $container['host_key'],
                'state' => (string) $container['observed_state'],
                'desired_state' => (string) $container['desired_state'],
                'last_error' => $container['last_error'] ?? null,
                'endpoints' => $endpoints,
            ];
        }
        return ['containers' => $containers, 'allocations' => $client->quota()['allocations'] ?? []];
    }
}
