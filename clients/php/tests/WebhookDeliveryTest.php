<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use DroCloud\Exception\SignatureVerificationException;
use DroCloud\Webhook;
use PHPUnit\Framework\TestCase;

/**
 * Real deliveries: an endpoint registered through OperatorClient on a PHP receiver on 127.0.0.1,
 * `dro-webhooks --once` runs, and DroCloud\Webhook::verify on what arrived: every event of a
 * container's life, in feed order, signed; a receiver that fails three times then recovers still
 * gets everything in order; a wrong secret fails verification.
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

    public function testEveryEventOfAContainersLifeArrivesInOrderSigned(): void
    {
        [$tenant, $operator, $hook] = $this->endpoint($this->startReceiver());
        try {
            $id = $this->liveAndDie($tenant);
            $deliveries = $this->deliverUntil(fn (array $all) => $this->hasRemoval($all, $hook['secret'], $id));
            $this->assertTheFeedArrivedInOrder($deliveries, $hook['secret'], $operator, $tenant['id']);
            $types = array_column($this->verified($deliveries, $hook['secret']), 'type');
            foreach (['container.created', 'container.stop_requested', 'container.start_requested', 'container.deleted'] as $type) {
                self::assertContains($type, $types);
            }
        } finally {
            $operator->webhooks->delete($hook['id']);
        }
    }

    public function testAReceiverThatFailsThreeTimesThenRecoversGetsEverythingInOrder(): void
    {
        [$tenant, $operator, $hook] = $this->endpoint($this->startReceiver(3));
        try {
            $id = $this->liveAndDie($tenant);
            $deliveries = $this->deliverUntil(fn (array $all) => $this->hasRemoval($all, $hook['secret'], $id), 60);
            $failed = array_values(array_filter($deliveries, fn (array $d) => $d['status'] === 500));
            self::assertCount(3, $failed);
            self::assertCount(1, array_unique(array_column($failed, 'event_id')), 'the endpoint retried its first event, skipping nothing');
            self::assertSame($failed[0]['event_id'], $deliveries[3]['event_id'], 'the recovery starts with the event that failed');
            $this->assertTheFeedArrivedInOrder($deliveries, $hook['secret'], $operator, $tenant['id']);
        } finally {
            $operator->webhooks->delete($hook['id']);
        }
    }

    /** @return array{0: array<string, mixed>, 1: \DroCloud\OperatorClient, 2: array<string, mixed>} */
    private function endpoint(int $port): array
    {
        $tenant = Stack::tenant();
        $operator = Stack::operator();
        $hook = $operator->webhooks->create(['url' => "http://127.0.0.1:$port/hook", 'tenant_id' => $tenant['id']]);
        return [$tenant, $operator, $hook];
    }

    /** Creates a container, runs it, stops, starts and deletes it, until Docker has removed it. */
    private function liveAndDie(array $tenant): string
    {
        $client = $tenant['client'];
        $id = $client->containers->create(Stack::spec())['id'];
        Stack::reconcileUntil(fn () => $client->containers->get($id)['observed_state'] === 'running', 'running');
        $client->containers->stop($id);
        Stack::reconcileUntil(fn () => $client->containers->get($id)['observed_state'] === 'stopped', 'stopped');
        $client->containers->start($id);
        Stack::reconcileUntil(fn () => $client->containers->get($id)['observed_state'] === 'running', 'running again');
        $client->containers->delete($id);
        Stack::reconcileUntil(fn () => Stack::dockerContainers($id) === [], 'removed from Docker');
        return $id;
    }

    private function hasRemoval(array $deliveries, string $secret, string $containerId): bool
    {
        foreach ($this->verified(array_filter($deliveries, fn (array $d) => $d['status'] === 204), $secret) as $event) {
            if ($event['type'] === 'container.observed' && $event['container_id'] === $containerId
                && ($event['detail']['observed_state'] ?? null) === 'removed') {
                return true;
            }
        }
        return false;
    }

    /** @return list<array<string, mixed>> each delivery verified with the secret */
    private function verified(array $deliveries, string $secret): array
    {
        return array_values(array_map(fn (array $d) => Webhook::verify($d['body'], $d['signature'], $secret), $deliveries));
    }

    /** The accepted deliveries, once each, are exactly the tenant's feed so far, in its order. */
    private function assertTheFeedArrivedInOrder(array $deliveries, string $secret, \DroCloud\OperatorClient $operator, string $tenantId): void
    {
        $accepted = array_values(array_filter($deliveries, fn (array $d) => $d['status'] === 204));
        $events = $this->verified($accepted, $secret);
        self::assertSame(array_column($accepted, 'event_id'), array_column($events, 'id'), 'each DRO-Event-Id names its event');
        $ids = array_values(array_unique(array_column($events, 'id')));
        $number = fn (string $id) => (int) substr($id, 4);
        // The endpoint starts at its registration: compare with the tenant's feed from its first delivery on.
        $feed = array_column(iterator_to_array($operator->events->iterate(['tenant_id' => $tenantId]), false), 'id');
        $feed = array_values(array_filter($feed, fn (string $id) => $number($id) >= $number($ids[0])));
        self::assertSame(array_slice($feed, 0, count($ids)), $ids, 'in feed order, nothing skipped');
        $numbers = array_map($number, array_column($events, 'id'));
        $sorted = $numbers;
        sort($sorted);
        self::assertSame($sorted, $numbers, 'never an older event after a newer one');
    }

    private function startReceiver(int $failFirst = 0): int
    {
        $this->log = (string) tempnam(sys_get_temp_dir(), 'dro-hook-');
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        self::assertNotFalse($probe);
        $port = (int) substr((string) strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);
        $this->server = proc_open(
            ['php', '-S', "127.0.0.1:$port", __DIR__ . '/support/webhook_receiver.php'],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null,
            ['RECEIVER_LOG' => $this->log, 'RECEIVER_FAIL_FIRST' => (string) $failFirst]);
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
        $deadline = microtime(true) + Stack::scaled($timeout);
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
