<?php
declare(strict_types=1);

namespace DroCloud;

use DroCloud\Exception\SignatureVerificationException;

/**
 * Webhook deliveries: each POST carries `DRO-Event-Id` and
 * `DRO-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (several `v1`
 * values may be present while a secret is rotated).
 *
 *     $event = DroCloud\Webhook::verify(file_get_contents('php://input'), $_SERVER['HTTP_DRO_SIGNATURE'] ?? '', $secret);
 */
final class Webhook
{
    public const SIGNATURE_HEADER = 'DRO-Signature';

    /**
     * Verifies a delivery and answers its decoded event. Pass the raw body exactly as received.
     *
     * @param int $toleranceSeconds how far `t` may be from now (replays of old deliveries are refused); 0 disables the check
     * @param int|null $now the current time (for tests)
     * @return array<string, mixed> the event
     * @throws SignatureVerificationException
     */
    public static function verify(string $payload, string $signatureHeader, string $secret, int $toleranceSeconds = 300, ?int $now = null): array
    {
        if ($secret === '') {
            throw new SignatureVerificationException('no webhook secret given');
        }
        $timestamp = null;
        $signatures = [];
        foreach (explode(',', $signatureHeader) as $part) {
            $pair = explode('=', trim($part), 2);
            if (count($pair) !== 2) {
                continue;
            }
            [$name, $value] = $pair;
            if ($name === 't' && ctype_digit($value)) {
                $timestamp = (int) $value;
            } elseif ($name === 'v1' && $value !== '') {
                $signatures[] = strtolower($value);
            }
        }
        if ($timestamp === null || $signatures === []) {
            throw new SignatureVerificationException('the DRO-Signature header has no t= timestamp or no v1= signature');
        }
        $expected = hash_hmac('sha256', $timestamp . '.' . $payload, $secret);
        $matched = false;
        foreach ($signatures as $signature) {
            // Compare every candidate (no early exit), each in constant time.
            $matched = hash_equals($expected, $signature) || $matched;
        }
        if (!$matched) {
            throw new SignatureVerificationException('no v1 signature matches the payload and secret');
        }
        $now ??= time();
        if ($toleranceSeconds > 0 && abs($now - $timestamp) > $toleranceSeconds) {
            throw new SignatureVerificationException("the signature's timestamp is outside the tolerance of {$toleranceSeconds} s");
        }
        $event = json_decode($payload, true);
        if (!is_array($event)) {
            throw new SignatureVerificationException('the payload is not a JSON object');
        }
        return $event;
    }

    /** The header value a sender would put on `$payload` (for tests and local tools). */
    public static function sign(string $payload, string $secret, ?int $timestamp = null): string
    {
        $timestamp ??= time();
        return 't=' . $timestamp . ',v1=' . hash_hmac('sha256', $timestamp . '.' . $payload, $secret);
    }
}
