<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use DroCloud\Exception\SignatureVerificationException;
use DroCloud\Webhook;
use PHPUnit\Framework\TestCase;

final class WebhookTest extends TestCase
{
    private const SECRET = 'whsec_test_0123456789abcdef';
    private const BODY = '{"id":"evt_1042","type":"container.observed","tenant_id":"ten_1","detail":{"observed_state":"running","generation":1}}';

    private static function header(string $body, string $secret, int $t): string
    {
        return "t=$t,v1=" . hash_hmac('sha256', "$t.$body", $secret);
    }

    public function testAValidSignatureAnswersTheEvent(): void
    {
        $event = Webhook::verify(self::BODY, self::header(self::BODY, self::SECRET, time()), self::SECRET);
        $this->assertSame('evt_1042', $event['id']);
        $this->assertSame('running', $event['detail']['observed_state']);
    }

    public function testAnyOfSeveralV1SignaturesMayMatch(): void
    {
        $t = time();
        $header = "t=$t,v1=" . str_repeat('0', 64) . ',v1=' . hash_hmac('sha256', "$t." . self::BODY, self::SECRET);
        $this->assertSame('evt_1042', Webhook::verify(self::BODY, $header, self::SECRET)['id']);
        $this->assertSame('evt_1042', Webhook::verify(self::BODY, Webhook::sign(self::BODY, self::SECRET), self::SECRET)['id']);
    }

    public function testTheWrongSecretFails(): void
    {
        $this->expectException(SignatureVerificationException::class);
        Webhook::verify(self::BODY, self::header(self::BODY, 'another-secret', time()), self::SECRET);
    }

    public function testAStaleTimestampFails(): void
    {
        $t = time() - 301;
        try {
            Webhook::verify(self::BODY, self::header(self::BODY, self::SECRET, $t), self::SECRET);
            $this->fail('a signature 301 s old verified');
        } catch (SignatureVerificationException $e) {
            $this->assertStringContainsString('tolerance', $e->getMessage());
        }
        // Inside the tolerance it verifies; a larger tolerance accepts it.
        $this->assertIsArray(Webhook::verify(self::BODY, self::header(self::BODY, self::SECRET, time() - 290), self::SECRET));
        $this->assertIsArray(Webhook::verify(self::BODY, self::header(self::BODY, self::SECRET, $t), self::SECRET, 600));
    }

    public function testATimestampFromTheFutureBeyondTheToleranceFails(): void
    {
        $this->expectException(SignatureVerificationException::class);
        Webhook::verify(self::BODY, self::header(self::BODY, self::SECRET, time() + 3600), self::SECRET);
    }

    public function testATamperedBodyFails(): void
    {
        $header = self::header(self::BODY, self::SECRET, time());
        $this->expectException(SignatureVerificationException::class);
        Webhook::verify(str_replace('running', 'stopped', self::BODY), $header, self::SECRET);
    }

    public function testATamperedTimestampFails(): void
    {
        $t = time();
        $header = str_replace("t=$t", 't=' . ($t - 1), self::header(self::BODY, self::SECRET, $t));
        $this->expectException(SignatureVerificationException::class);
        Webhook::verify(self::BODY, $header, self::SECRET);
    }

    /** @dataProvider malformedHeaders */
    public function testMalformedHeadersFail(string $header): void
    {
        $this->expectException(SignatureVerificationException::class);
        Webhook::verify(self::BODY, $header, self::SECRET);
    }

    /** @return array<string, array{string}> */
    public static function malformedHeaders(): array
    {
        $t = time();
        $v1 = hash_hmac('sha256', "$t." . self::BODY, self::SECRET);
        return [
            'empty' => [''],
            'no timestamp' => ["v1=$v1"],
            'no signature' => ["t=$t"],
            'another scheme only' => ["t=$t,v0=$v1"],
            'non-numeric timestamp' => ["t=abc,v1=$v1"],
        ];
    }
}
