<?php
declare(strict_types=1);

namespace DroCloud\Tests\Whmcs;

use DroCloud\Client;
use DroCloud\Exception\AuthenticationException;
use DroCloud\Exception\ForbiddenException;
use DroCloud\Tests\Stack;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/whmcs_stubs.php';

/**
 * The module's account life against the test stack, its effects checked through the API and in
 * Docker: create (twice), a container made with the client-area token and run by the reconciler,
 * suspend, unsuspend, change package, terminate.
 */
final class ModuleLifecycleTest extends TestCase
{
    protected function setUp(): void
    {
        $GLOBALS['whmcs_local_api_calls'] = [];
        $GLOBALS['whmcs_module_log'] = [];
    }

    /** What WHMCS passes a server module for one service, on a server set up as the README says. */
    private static function params(int $serviceId, array $extra = []): array
    {
        $url = parse_url(Stack::env('DRO_TEST_BASE_URL'));
        return $extra + [
            'serviceid' => $serviceId,
            'userid' => 7,
            'domain' => '',
            'username' => '',
            'password' => '',
            'serverhostname' => $url['host'],
            'serverport' => (string) $url['port'],
            'serversecure' => 'on',
            'serverusername' => '',
            'serverpassword' => Stack::env('DRO_TEST_OPERATOR_TOKEN'),
            'serveraccesshash' => "ca_file=" . Stack::env('DRO_TEST_CA') . "\ntimeout=20",
            'configoption1' => '3',
            'configoption2' => '1',
            'configoption3' => '512',
        ];
    }

    private static function serviceId(): int
    {
        return random_int(100_000_000, 1_999_999_999);
    }

    /** @return array<string, mixed> the stored credentials of the last UpdateClientProduct */
    private function lastUpdate(): array
    {
        $calls = $GLOBALS['whmcs_local_api_calls'];
        $this->assertNotEmpty($calls, 'the module stored the credentials through localAPI');
        [$command, $values] = end($calls);
        $this->assertSame('UpdateClientProduct', $command);
        return $values;
    }

    /** @return list<array<string, mixed>> */
    private static function tenantsOf(int $serviceId): array
    {
        return Stack::operator()->tenants->list(['external_ref' => "whmcs-$serviceId"])->toArray();
    }

    private static function dockerRunning(string $containerId): ?bool
    {
        $found = Stack::dockerContainers($containerId);
        return $found === [] ? null : (bool) $found[0]['State']['Running'];
    }

    public function testTheWholeAccountLife(): void
    {
        $serviceId = self::serviceId();
        $params = self::params($serviceId);

        // CreateAccount: a tenant, its allocation, a client-area token stored as the service password.
        $this->assertSame('success', drocloud_CreateAccount($params));
        $stored = $this->lastUpdate();
        $this->assertSame($serviceId, $stored['serviceid']);
        $this->assertStringStartsWith('ten_', $stored['serviceusername']);
        $this->assertStringStartsWith('dro_', $stored['servicepassword']);
        $tenantId = $stored['serviceusername'];
        $params['username'] = $tenantId;
        $params['password'] = $stored['servicepassword'];

        // Repeating it (WHMCS retries a failed module command) makes no second tenant and keeps the token.
        $this->assertSame('success', drocloud_CreateAccount($params));
        $this->assertArrayNotHasKey('servicepassword', $this->lastUpdate(), 'the working token is kept');
        $tenants = self::tenantsOf($serviceId);
        $this->assertCount(1, $tenants);
        $this->assertSame($tenantId, $tenants[0]['id']);
        $this->assertSame("whmcs-$serviceId", $tenants[0]['name']);
        $operator = Stack::operator();
        $tokens = array_values(array_filter($operator->tokens->list($tenantId)->toArray(), fn ($t) => !$t['revoked']));
        $this->assertSame(['whmcs-client-area'], array_column($tokens, 'name'));
        $allocation = $operator->tenants->get($tenantId)['allocations'][0];
        $this->assertSame(['*', 3, 1, 512 * 1024 * 1024], [$allocation['scope'], $allocation['max_containers'], (int) $allocation['max_cpu'], $allocation['max_mem_bytes']]);

        // The client-area token creates a container; a reconciler run makes it run.
        $client = new Client($params['password'], Stack::clientOptions());
        $container = $client->containers->create(Stack::spec(['command' => ['httpd', '-f', '-p', '8080'], 'ports' => [8080]]));
        $view = Stack::reconcileUntil(function () use ($client, $container) {
            $view = $client->containers->get($container['id']);
            return $view['observed_state'] === 'running' ? $view : null;
        }, 'the container to run');
        $this->assertTrue(self::dockerRunning($container['id']));

        // The client area shows it with its state and address.
        $area = drocloud_ClientArea($params);
        $this->assertSame('templates/overview.tpl', $area['tabOverviewReplacementTemplate']);
        $shown = $area['templateVariables']['containers'];
        $this->assertCount(1, $shown);
        $this->assertSame([$container['id'], $container['name'], 'running'], [$shown[0]['id'], $shown[0]['name'], $shown[0]['state']]);
        $port = $view['ports'][0];
        $this->assertNotNull($port['host_port']);
        $this->assertSame([['address' => $port['host_ip'] . ':' . $port['host_port'], 'container_port' => 8080, 'protocol' => 'tcp']], $shown[0]['endpoints']);
        $this->assertSame(1, $area['templateVariables']['allocations'][0]['used_containers']);

        // SuspendAccount: the token is refused, and the reconciler stops the container in Docker.
        $this->assertSame('success', drocloud_SuspendAccount($params));
        $this->assertSame('suspended', $operator->tenants->get($tenantId)['status']);
        try {
            $client->containers->get($container['id']);
            $this->fail('a suspended tenant\'s token still works');
        } catch (ForbiddenException $e) {
            $this->assertSame(403, $e->httpStatus());
        }
        Stack::reconcileUntil(fn () => self::dockerRunning($container['id']) === false, 'the container to stop in Docker');
        $this->assertSame('templates/error.tpl', drocloud_ClientArea($params)['tabOverviewReplacementTemplate']);
        $this->assertSame('success', drocloud_SuspendAccount($params), 'suspending again is a no-op');

        // UnsuspendAccount: it runs again.
        $this->assertSame('success', drocloud_UnsuspendAccount($params));
        Stack::reconcileUntil(fn () => self::dockerRunning($container['id']) === true, 'the container to run again in Docker');
        $this->assertSame('running', $client->containers->get($container['id'])['observed_state']);

        // ChangePackage: the allocation follows the product's new options.
        $upgraded = ['configoption1' => '5', 'configoption2' => '2.5', 'configoption3' => '1g'] + $params;
        $this->assertSame('success', drocloud_ChangePackage($upgraded));
        $allocation = $operator->tenants->get($tenantId)['allocations'][0];
        $this->assertSame([5, 2.5, 1024 ** 3], [$allocation['max_containers'], (float) $allocation['max_cpu'], $allocation['max_mem_bytes']]);
        $this->assertSame(1, $allocation['used_containers']);

        // TerminateAccount: the container leaves Docker and the tenant ends `deleted`.
        $this->assertSame('success', drocloud_TerminateAccount($params));
        Stack::reconcileUntil(fn () => self::dockerContainers($container['id']) === [], 'the container to be removed from Docker');
        Stack::reconcileUntil(fn () => $operator->tenants->get($tenantId)['status'] === 'deleted', 'the tenant to be deleted');
        try {
            $client->quota();
            $this->fail('a terminated tenant\'s token still works');
        } catch (AuthenticationException) {
        }
        $this->assertSame('success', drocloud_TerminateAccount($params), 'terminating again finds nothing to do');

        // The secrets never reach WHMCS's module log unmasked.
        foreach ($GLOBALS['whmcs_module_log'] as $entry) {
            $this->assertContains($params['serverpassword'], $entry[5]);
        }
    }

    private static function dockerContainers(string $containerId): array
    {
        return Stack::dockerContainers($containerId);
    }

    public function testALostTokenIsReplacedAndTheOldOneRevoked(): void
    {
        $serviceId = self::serviceId();
        $this->assertSame('success', drocloud_CreateAccount(self::params($serviceId)));
        $first = $this->lastUpdate()['servicepassword'];
        // The stored password was lost (or never saved): CreateAccount again.
        $this->assertSame('success', drocloud_CreateAccount(self::params($serviceId)));
        $second = $this->lastUpdate()['servicepassword'];
        $this->assertNotSame($first, $second);
        $tenantId = $this->lastUpdate()['serviceusername'];
        $active = array_values(array_filter(Stack::operator()->tokens->list($tenantId)->toArray(), fn ($t) => !$t['revoked']));
        $this->assertCount(1, $active, 'one client-area token at a time');
        $this->assertArrayHasKey('allocations', (new Client($second, Stack::clientOptions()))->quota());
        $this->expectException(AuthenticationException::class);
        (new Client($first, Stack::clientOptions()))->quota();
    }

    public function testAFailureToStoreTheTokenIsReportedAndTheNextCreateRecovers(): void
    {
        $serviceId = self::serviceId();
        $GLOBALS['whmcs_local_api_failure'] = ['result' => 'error', 'message' => 'Service ID Not Found'];
        try {
            $answer = drocloud_CreateAccount(self::params($serviceId));
        } finally {
            $GLOBALS['whmcs_local_api_failure'] = null;
        }
        $this->assertStringContainsString('storing the client-area token failed: Service ID Not Found', $answer);
        $lost = $this->lastUpdate();
        // WHMCS shows the error; the admin retries CreateAccount, which replaces the lost token.
        $this->assertSame('success', drocloud_CreateAccount(self::params($serviceId)));
        $stored = $this->lastUpdate();
        $this->assertSame($lost['serviceusername'], $stored['serviceusername'], 'the same tenant');
        $active = array_values(array_filter(Stack::operator()->tokens->list($stored['serviceusername'])->toArray(), fn ($t) => !$t['revoked']));
        $this->assertCount(1, $active, 'the token that was never stored is revoked');
        $this->expectException(AuthenticationException::class);
        (new Client($lost['servicepassword'], Stack::clientOptions()))->quota();
    }

    public function testActionsOnAnUnknownServiceAnswerAnError(): void
    {
        $params = self::params(self::serviceId());
        foreach (['drocloud_SuspendAccount', 'drocloud_UnsuspendAccount', 'drocloud_ChangePackage'] as $action) {
            $this->assertStringContainsString('no DRO Cloud tenant exists', $action($params), $action);
        }
        $this->assertSame('success', drocloud_TerminateAccount($params), 'nothing to terminate');
    }

    public function testBadProductOptionsAreRefusedBeforeAnythingIsCreated(): void
    {
        $serviceId = self::serviceId();
        $answer = drocloud_CreateAccount(['configoption3' => 'lots'] + self::params($serviceId));
        $this->assertStringContainsString('Memory option', $answer);
        $this->assertSame([], self::tenantsOf($serviceId));
        $this->assertStringContainsString('service id', drocloud_CreateAccount(['serviceid' => '12; DROP'] + self::params($serviceId)));
    }

    public function testApiErrorsAreReturnedWithTheirRequestId(): void
    {
        $serviceId = self::serviceId();
        // Another tenant already holds the name this service's tenant would get.
        Stack::operator()->tenants->create(['name' => "whmcs-$serviceId"]);
        $answer = drocloud_CreateAccount(self::params($serviceId));
        $this->assertMatchesRegularExpression('/^DRO Cloud: .+ \(conflict, request [0-9a-f]+\)$/', $answer);
    }

    public function testTestConnection(): void
    {
        $this->assertSame(['success' => true, 'error' => ''], drocloud_TestConnection(self::params(1)));
        $wrong = drocloud_TestConnection(['serverpassword' => 'droa_000000000000000000000000_' . str_repeat('A', 43)] + self::params(1));
        $this->assertFalse($wrong['success']);
        $this->assertStringContainsString('404', $wrong['error']);
        $asUrl = drocloud_TestConnection(['serverhostname' => Stack::env('DRO_TEST_BASE_URL'), 'serverport' => ''] + self::params(1));
        $this->assertTrue($asUrl['success'], $asUrl['error']);
    }

    public function testMetaDataAndConfigOptions(): void
    {
        $this->assertSame('DRO Cloud', drocloud_MetaData()['DisplayName']);
        $this->assertSame(['Containers', 'vCPU', 'Memory'], array_keys(drocloud_ConfigOptions()));
    }
}
