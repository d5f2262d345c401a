<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use DroCloud\Exception\SignatureVerificationException;
use DroCloud\Webhook;
use PHPUnit\Framework\TestCase;

/**
 * A real delivery: an endpoint registered through OperatorClient on a PHP receiver on 127.0.0.1,
 * one `dro-webhooks --once` run, and DroCloud\Webhook::verify on what arrived.
 */
final class WebhookDeliveryTest extends TestCase
{
    /** @var resource|null */
    private $server = null;
    private string $log = '';

    protected function tearDown(): void
    {
        if (is_resource($this->server)) {
            proc_terminate($this->server);
            proc_close($this->server);
        }
        if ($this->log !== '' && file_exists($this->log)) {
            unlink($this->log);
        }
    }

    public function testEventsArriveSignedWithTheSecretShownOnceAndVerify(): void
    {
        $port = $this->startReceiver();
        $tenant = Stack::tenant();
        $operator = Stack::operator();
        $hook = $operator->webhooks->create(['url' => "http://127.0.0.1:$port/hook", 'tenant_id' => $tenant['id']]);
        self::assertStringStartsWith('whsec_', $hook['secret']);
        $listed = iterator_to_array($operator->webhooks->list(), false);
        self::assertNotEmpty(array_filter($listed, fn (array $w) => $w['id'] === $hook['id'] && !isset($w['secret'])));

        $container = $tenant['client']->containers->create(Stack::spec());
        try {
            $created = fn (array $d) => str_contains($d['body'], '"container.created"');
            $deliveries = $this->deliverUntil(fn (array $all) => array_filter($all, $created) !== []);
            $events = array_map(fn (array $d) => Webhook::verify($d['body'], $d['signature'], $hook['secret']), $deliveries);
            self::assertSame(array_column($deliveries, 'event_id'), array_column($events, 'id'), 'each DRO-Event-Id names its event');
            $ids = array_map('intval', array_map(fn (string $id) => substr($id, 4), array_column($events, 'id')));
            $ordered = array_values(array_unique($ids));
            sort($ordered);
            self::assertSame($ordered, $ids, 'in feed order, once each');
            $made = array_values(array_filter($events, fn (array $e) => $e['type'] === 'container.created'));
            self::assertSame($container['id'], $made[0]['container_id']);
            $this->expectException(SignatureVerificationException::class);
            Webhook::verify($deliveries[0]['body'], $deliveries[0]['signature'], 'whsec_not-the-secret');
        } finally {
            $operator->webhooks->delete($hook['id']);
            $tenant['client']->containers->delete($container['id']);
        }
    }

    private function startReceiver(): int
    {
        $this->log = (string) tempnam(sys_get_temp_dir(), 'dro-hook-');
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        self::assertNotFalse($probe);
        $port = (int) substr((string) strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);
        $this->server = proc_open(
            ['php', '-S', "127.0.0.1:$port", __DIR__ . '/support/webhook_receiver.php'],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, ['RECEIVER_LOG' => $this->log]);
        $deadline = microtime(true) + 10;
        while (@fsockopen('127.0.0.1', $port) === false) {
            self::assertLessThan($deadline, microtime(true), 'the receiver did not start');
            usleep(50_000);
        }
        return $port;
    }

    /** Runs the deliverer until the receiver's deliveries satisfy `$done`. @return list<array<string, string>> */
    private function deliverUntil(callable $done, float $timeout = 20): array
    {
        $deadline = microtime(true) + $timeout;
        while (true) {
            [$status, , $err] = Stack::run([Stack::env('DRO_TEST_BIN_DIR') . '/dro-webhooks', '--config', Stack::env('DRO_TEST_STATE') . '/dro.json', '--once']);
            self::assertSame(0, $status, "dro-webhooks --once failed: $err");
            $lines = array_filter(explode("\n", (string) file_get_contents($this->log)));
            $deliveries = array_map(fn (string $l) => json_decode($l, true, 512, JSON_THROW_ON_ERROR), array_values($lines));
            if ($done($deliveries)) {
                return $deliveries;
            }
            self::assertLessThan($deadline, microtime(true), 'timed out waiting for deliveries');
            usleep(500_000);
        }
    }
}
