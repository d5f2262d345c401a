<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use DroCloud\Client;
use DroCloud\OperatorClient;

/**
 * The test stack scripts/test.sh started, from the environment. A missing variable fails the test
 * (an integration suite that cannot run is a failure, never a skip).
 */
final class Stack
{
    public static function env(string $name): string
    {
        $value = getenv($name);
        if ($value === false || $value === '') {
            throw new \RuntimeException("$name is not set: run the PHP suites through scripts/test.sh (or set the DRO_TEST_* variables)");
        }
        return $value;
    }

    /** @return array<string, mixed> */
    public static function clientOptions(array $overrides = []): array
    {
        return $overrides + ['base_url' => self::env('DRO_TEST_BASE_URL'), 'ca_file' => self::env('DRO_TEST_CA'), 'timeout' => 20, 'retry_base_delay' => 0.2];
    }

    public static function operator(array $overrides = []): OperatorClient
    {
        return new OperatorClient(self::env('DRO_TEST_OPERATOR_TOKEN'), self::clientOptions($overrides));
    }

    public static function host(): string
    {
        return self::env('DRO_TEST_HOST');
    }

    public static function unique(string $prefix): string
    {
        return $prefix . '-' . bin2hex(random_bytes(4));
    }

    /**
     * A fresh tenant with a tenant-wide allocation and a token of its own.
     *
     * @return array{id: string, token: string, client: Client}
     */
    public static function tenant(array $caps = ['max_containers' => 20, 'max_cpu' => 8, 'max_mem_bytes' => '4g'], array $clientOptions = []): array
    {
        $operator = self::operator();
        $tenant = $operator->tenants->create(['name' => self::unique('php')]);
        $operator->allocations->put($tenant['id'], '*', $caps);
        $token = $operator->tokens->create($tenant['id'], ['name' => 'phpunit'])['token'];
        return ['id' => $tenant['id'], 'token' => $token, 'client' => new Client($token, self::clientOptions($clientOptions))];
    }

    /** A container spec on the test host that runs until stopped. @return array<string, mixed> */
    public static function spec(array $fields = []): array
    {
        return $fields + [
            'name' => self::unique('c'),
            'image' => self::env('DRO_TEST_IMAGE'),
            'host_key' => self::host(),
            'command' => ['sleep', '3600'],
            'mem_limit' => '16m',
            'cpu_limit' => 0.1,
        ];
    }

    /** One `dro-reconcile --once` run for the test host. */
    public static function reconcile(): void
    {
        $command = [self::env('DRO_TEST_BIN_DIR') . '/dro-reconcile', '--config', self::env('DRO_TEST_STATE') . '/dro.json', '--host-key', self::host(), '--once'];
        [$status, , $stderr] = self::run($command);
        if ($status !== 0) {
            throw new \RuntimeException("dro-reconcile --once failed ($status): $stderr");
        }
    }

    /**
     * The Docker containers of one DRO container (by its ownership label), inspected.
     *
     * @return list<array<string, mixed>>
     */
    public static function dockerContainers(string $containerId): array
    {
        $docker = ['docker', '-H', 'unix://' . self::env('DRO_TEST_DOCKER_SOCKET')];
        [$status, $out, $err] = self::run([...$docker, 'ps', '-aq', '--no-trunc', '--filter', "label=cloud.dro.container=$containerId"]);
        if ($status !== 0) {
            throw new \RuntimeException("docker ps failed: $err");
        }
        $ids = preg_split('/\s+/', trim($out), -1, PREG_SPLIT_NO_EMPTY);
        if ($ids === []) {
            return [];
        }
        [$status, $out, $err] = self::run([...$docker, 'inspect', ...$ids]);
        if ($status !== 0) {
            throw new \RuntimeException("docker inspect failed: $err");
        }
        return json_decode($out, true, 512, JSON_THROW_ON_ERROR);
    }

    /**
     * Runs the reconciler until `$check()` answers a truthy value, and answers it.
     *
     * @template T
     * @param callable(): T $check
     * @return T
     */
    public static function reconcileUntil(callable $check, string $what, float $timeout = 30)
    {
        $deadline = microtime(true) + self::scaled($timeout);
        while (true) {
            self::reconcile();
            $result = $check();
            if ($result) {
                return $result;
            }
            if (microtime(true) > $deadline) {
                throw new \RuntimeException("timed out waiting for $what");
            }
            usleep(300_000);
        }
    }

    /** A timing bound of the tests, scaled by DRO_TEST_TIME_FACTOR (1) like the Python suites'. */
    public static function scaled(float $seconds): float
    {
        return $seconds * (float) (getenv('DRO_TEST_TIME_FACTOR') ?: 1);
    }

    /** @param list<string> $command @return array{0: int, 1: string, 2: string} */
    public static function run(array $command): array
    {
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        if ($process === false) {
            throw new \RuntimeException('cannot run ' . $command[0]);
        }
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), (string) $out, (string) $err];
    }
}
