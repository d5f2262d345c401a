<?php
// A webhook endpoint for the tests, served by `php -S 127.0.0.1:PORT webhook_receiver.php`: appends
// each delivery attempt (its DRO-Signature, DRO-Event-Id, raw body and the status answered) as a
// JSON line to $RECEIVER_LOG. With RECEIVER_FAIL_FIRST=N it answers 500 to the first N attempts.
declare(strict_types=1);

$log = (string) getenv('RECEIVER_LOG');
$failFirst = (int) (getenv('RECEIVER_FAIL_FIRST') ?: 0);
$handle = fopen($log, 'a+');
flock($handle, LOCK_EX);
$attempt = count(array_filter(explode("\n", (string) stream_get_contents($handle, -1, 0)))) + 1;
$status = $attempt <= $failFirst ? 500 : 204;
fwrite($handle, json_encode([
    'signature' => $_SERVER['HTTP_DRO_SIGNATURE'] ?? '',
    'event_id' => $_SERVER['HTTP_DRO_EVENT_ID'] ?? '',
    'body' => file_get_contents('php://input'),
    'status' => $status,
], JSON_THROW_ON_ERROR) . "\n");
flock($handle, LOCK_UN);
fclose($handle);
http_response_code($status);
