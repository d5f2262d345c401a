<?php
/**
 * DRO Cloud provisioning module for WHMCS (modules/servers/drocloud/drocloud.php).
 *
 * One WHMCS service is one DRO Cloud tenant, provisioned over the operator API:
 * - Server: Hostname = the API's address (`api.example.com`, `host:port`, or `https://…`), Secure
 *   ticked, Password = an operator token (`dro-admin operator-token create whmcs`). The Access
 *   Hash may hold `key=value` lines: `ca_file=/path/ca.pem` (a private CA), `timeout=20`.
 * - Product: config options 1–3 are the tenant-wide allocation: containers, vCPU, memory.
 * - The tenant is named and referenced `whmcs-<serviceid>` (its `external_ref`), so repeating
 *   CreateAccount finds it again instead of making a second one.
 * - CreateAccount stores the tenant's client-area token (`dro_…`) as the service's password and
 *   the tenant id as its username (WHMCS's `UpdateClientProduct`), where WHMCS keeps account
 *   credentials encrypted; the client area and the customer read it from there.
 *
 * Each action answers 'success' or an error message, as WHMCS expects. Nothing here needs WHMCS
 * to run: outside it `localAPI` and `logModuleCall` are simply not called unless defined.
 */

if (!defined('WHMCS') && !defined('DROCLOUD_STANDALONE')) {
    die('This file cannot be accessed directly');
}

// The PHP client: bundled next to the module when installed (vendor/drocloud-php, see the
// README), else the repository's clients/php.
foreach ([__DIR__ . '/vendor/drocloud-php/autoload.php', __DIR__ . '/../../../../../clients/php/autoload.php'] as $drocloudAutoload) {
    if (is_file($drocloudAutoload)) {
        require_once $drocloudAutoload;
        break;
    }
}
require_once __DIR__ . '/lib/Provisioner.php';

use DroCloud\Exception\ApiException;
use DroCloudWhmcs\Provisioner;

function drocloud_MetaData()
{
    return [
        'DisplayName' => 'DRO Cloud',
        'APIVersion' => '1.1',
        'RequiresServer' => true,
        'DefaultSSLPort' => '443',
        'DefaultNonSSLPort' => '80',
        'ServiceSingleSignOnLabel' => false,
        'AdminSingleSignOnLabel' => false,
    ];
}

function drocloud_ConfigOptions()
{
    return [
        'Containers' => [
            'Type' => 'text',
            'Size' => '5',
            'Default' => '5',
            'Description' => 'Containers the account may have at once',
        ],
        'vCPU' => [
            'Type' => 'text',
            'Size' => '5',
            'Default' => '2',
            'Description' => 'vCPUs shared by all its containers (e.g. 0.5, 2)',
        ],
        'Memory' => [
            'Type' => 'text',
            'Size' => '8',
            'Default' => '2048',
            'Description' => 'Memory for all its containers: MiB (2048) or a size (2g)',
        ],
    ];
}

/**
 * Runs one action; answers 'success' or the error message (with the API's request id, which the
 * platform's operators can look up).
 */
function drocloud_run(string $action, array $params, callable $work)
{
    try {
        $result = $work(new Provisioner($params));
        drocloud_log($action, $params, $result ?? 'success');
        return 'success';
    } catch (ApiException $e) {
        $message = 'DRO Cloud: ' . $e->getMessage() . ' (' . $e->errorCode() . ', request ' . $e->requestId() . ')';
    } catch (\Throwable $e) {
        $message = 'DRO Cloud: ' . $e->getMessage();
    }
    drocloud_log($action, $params, $message);
    return $message;
}

/** logModuleCall with the secrets masked, when running inside WHMCS. */
function drocloud_log(string $action, array $params, $response)
{
    if (!function_exists('logModuleCall')) {
        return;
    }
    $secrets = array_values(array_filter([(string) ($params['serverpassword'] ?? ''), (string) ($params['password'] ?? '')]));
    if (is_array($response) && isset($response['token'])) {
        $secrets[] = $response['token'];
    }
    logModuleCall('drocloud', $action, $params, $response, $response, $secrets);
}

function drocloud_CreateAccount(array $params)
{
    return drocloud_run(__FUNCTION__, $params, function (Provisioner $provisioner) use ($params) {
        if (!function_exists('localAPI')) {
            throw new \RuntimeException('cannot store the client-area token: WHMCS localAPI is not available');
        }
        // If storing fails below, the next CreateAccount revokes the lost token and makes another.
        $account = $provisioner->create();
        $update = ['serviceid' => (int) $params['serviceid'], 'serviceusername' => $account['tenant_id']];
        if ($account['token'] !== null) {
            $update['servicepassword'] = $account['token'];
        }
        $result = localAPI('UpdateClientProduct', $update);
        if (($result['result'] ?? '') !== 'success') {
            throw new \RuntimeException('storing the client-area token failed: ' . ($result['message'] ?? 'unknown error'));
        }
        return $account;
    });
}

function drocloud_SuspendAccount(array $params)
{
    return drocloud_run(__FUNCTION__, $params, fn (Provisioner $p) => $p->suspend());
}

function drocloud_UnsuspendAccount(array $params)
{
    return drocloud_run(__FUNCTION__, $params, fn (Provisioner $p) => $p->unsuspend());
}

function drocloud_TerminateAccount(array $params)
{
    return drocloud_run(__FUNCTION__, $params, fn (Provisioner $p) => $p->terminate());
}

function drocloud_ChangePackage(array $params)
{
    return drocloud_run(__FUNCTION__, $params, fn (Provisioner $p) => $p->changePackage());
}

function drocloud_TestConnection(array $params)
{
    try {
        return (new Provisioner($params))->testConnection();
    } catch (ApiException $e) {
        $hint = $e->httpStatus() === 404 ? ' (under /v1/admin/ a wrong or non-operator token answers 404)' : '';
        return ['success' => false, 'error' => 'DRO Cloud: ' . $e->getMessage() . $hint . ' (request ' . $e->requestId() . ')'];
    } catch (\Throwable $e) {
        return ['success' => false, 'error' => 'DRO Cloud: ' . $e->getMessage()];
    }
}

/** The client area's overview tab: the tenant's containers with their state and addresses. */
function drocloud_ClientArea(array $params)
{
    try {
        $overview = (new Provisioner($params))->overview();
        return [
            'tabOverviewReplacementTemplate' => 'templates/overview.tpl',
            'templateVariables' => $overview,
        ];
    } catch (\Throwable $e) {
        drocloud_log(__FUNCTION__, $params, $e->getMessage());
        $requestId = $e instanceof ApiException ? $e->requestId() : null;
        return [
            'tabOverviewReplacementTemplate' => 'templates/error.tpl',
            'templateVariables' => [
                'usefulErrorHelper' => 'Your containers cannot be shown right now.' . ($requestId ? " (request $requestId)" : ''),
            ],
        ];
    }
}
