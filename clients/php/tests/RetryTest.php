<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use DroCloud\Client;
use DroCloud\Exception\SecretNotReplayableException;
use DroCloud\OperatorClient;
use PHPUnit\Framework\TestCase;

/**
 * A create whose answer is lost (a reset, a timeout) is retried with the same Idempotency-Key and
 * makes exactly one container. The requests go through LossyProxy, which forwards each one to
 * nginx and loses the answer to the first POST.
 */
final class RetryTest extends TestCase
{
    /** @return list<array<string, mixed>> the tenant's containers carrying the label */
    private static function labelled(Client $client, string $label): array
    {
        return $client->containers->list(['label' => $label])->toArray();
    }

    /** @return array{0: Client, 1: Client, 2: LossyProxy} a client through the proxy and one direct, for the same tenant */
    private static function clients(string $mode, array $options = []): array
    {
        $tenant = Stack::tenant();
        $proxy = new LossyProxy($mode);
        $through = new Client($tenant['token'], ['base_url' => $proxy->url(), 'max_retries' => 3, 'retry_base_delay' => 0.1] + $options);
        return [$through, $tenant['client'], $proxy];
    }

    /** @return array<string, array{0: string}> how the proxy loses the first answer */
    public static function losses(): array
    {
        // A reset after the response was lost; a 503 after the create committed (outcome unknown).
        return ['dropped' => ['drop'], 'answered 503' => ['unavailable']];
    }

    /** @dataProvider losses */
    public function testACreateWhoseAnswerIsLostIsRetriedIntoOneContainer(string $mode): void
    {
        [$through, $direct, $proxy] = self::clients($mode);
        $label = 'run=' . bin2hex(random_bytes(6));
        $created = $through->containers->create(Stack::spec(['labels' => ['run' => substr($label, 4)], 'start' => false]));
        $this->assertStringContainsString("lost the answer to POST ($mode)", $proxy->stop());
        $this->assertTrue($through->lastResponse()->replayed(), 'the retry was answered from the first attempt');
        $all = self::labelled($direct, $label);
        $this->assertCount(1, $all, 'exactly one container');
        $this->assertSame($created['id'], $all[0]['id']);
        $this->assertSame(1, $direct->quota()['allocations'][0]['used_containers'], 'the quota is charged once');
    }

    public function testACreateThatTimesOutIsRetriedIntoOneContainer(): void
    {
        [$through, $direct, $proxy] = self::clients('hold', ['timeout' => 1.5]);
        $label = 'run=' . bin2hex(random_bytes(6));
        $started = microtime(true);
        $created = $through->containers->create(Stack::spec(['labels' => ['run' => substr($label, 4)], 'start' => false]));
        $this->assertGreaterThan(1.4, microtime(true) - $started, 'the first attempt timed out');
        $this->assertStringContainsString('lost the answer to POST (hold)', $proxy->stop());
        $all = self::labelled($direct, $label);
        $this->assertCount(1, $all, 'exactly one container');
        $this->assertSame($created['id'], $all[0]['id']);
        $usage = $direct->quota()['allocations'][0];
        $this->assertSame(1, $usage['used_containers'], 'the quota is charged once');
    }

    public function testAGetWhoseAnswerIsDroppedIsRetried(): void
    {
        $tenant = Stack::tenant();
        $proxy = new LossyProxy('drop', 'GET');
        $through = new Client($tenant['token'], ['base_url' => $proxy->url(), 'retry_base_delay' => 0.1]);
        $this->assertArrayHasKey('allocations', $through->quota());
        $this->assertStringContainsString('lost the answer to GET', $proxy->stop());
    }

    public function testARetriedTokenCreateNamesTheTokenItCannotReplay(): void
    {
        $operator = Stack::operator();
        $tenant = $operator->tenants->create(['name' => Stack::unique('php')]);
        $proxy = new LossyProxy('drop');
        $through = new OperatorClient(Stack::env('DRO_TEST_OPERATOR_TOKEN'), ['base_url' => $proxy->url(), 'retry_base_delay' => 0.1]);
        try {
            $through->tokens->create($tenant['id'], ['name' => 'panel']);
            $this->fail('a lost token answer was replayed');
        } catch (SecretNotReplayableException $e) {
            $this->assertSame('secret_not_replayable', $e->reason());
            $tokens = $operator->tokens->list($tenant['id'])->toArray();
            $this->assertCount(1, $tokens, 'the first attempt created one token, the retry none');
            $this->assertSame($tokens[0]['id'], $e->createdId());
            // What the exception's documentation tells the caller to do.
            $operator->tokens->revoke($tenant['id'], $e->createdId());
            $fresh = $operator->tokens->create($tenant['id'], ['name' => 'panel']);
            $this->assertStringStartsWith('dro_', $fresh['token']);
        } finally {
            $proxy->stop();
        }
    }
}
