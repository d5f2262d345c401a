<?php
// A webhook endpoint for the tests, served by `php -S 127.0.0.1:PORT webhook_receiver.php`: appends
// each delivery (its DRO-Signature, DRO-Event-Id and raw body) as a JSON line to $RECEIVER_LOG.
declare(strict_types=1);

$line = json_encode([
    'signature' => $_SERVER['HTTP_DRO_SIGNATURE'] ?? '',
    'event_id' => $_SERVER['HTTP_DRO_EVENT_ID'] ?? '',
    'body' => file_get_contents('php://input'),
], JSON_THROW_ON_ERROR);
file_put_contents((string) getenv('RECEIVER_LOG'), $line . "\n", FILE_APPEND | LOCK_EX);
http_response_code(204);
