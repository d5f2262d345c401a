<?php
// The two WHMCS functions the module calls, recording their calls, so the module runs without
// WHMCS: localAPI('UpdateClientProduct', …) is where WHMCS would store the service's credentials.
declare(strict_types=1);

const DROCLOUD_STANDALONE = true;

/** @var list<array{0: string, 1: array<string, mixed>}> */
$GLOBALS['whmcs_local_api_calls'] = [];
/** @var list<array<int, mixed>> */
$GLOBALS['whmcs_module_log'] = [];
/** A test sets this to the answer WHMCS gives on failure, e.g. ['result' => 'error', 'message' => …]. */
$GLOBALS['whmcs_local_api_failure'] = null;

function localAPI(string $command, array $values, ?string $adminUser = null): array
{
    $GLOBALS['whmcs_local_api_calls'][] = [$command, $values];
    return $GLOBALS['whmcs_local_api_failure'] ?? ['result' => 'success', 'serviceid' => $values['serviceid'] ?? null];
}

function logModuleCall($module, $action, $request, $response, $processed = '', $replace = []): void
{
    $GLOBALS['whmcs_module_log'][] = [$module, $action, $request, $response, $processed, $replace];
}

require_once __DIR__ . '/../modules/servers/drocloud/drocloud.php';
