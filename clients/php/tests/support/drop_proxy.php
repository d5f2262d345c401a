<?php
/**
 * A one-connection-at-a-time HTTP proxy for the retry tests: it listens on plain HTTP on
 * 127.0.0.1 (an ephemeral port, printed on stdout), forwards each request over TLS to the stack's
 * nginx, and loses the answer of the first request whose method is MODE_METHOD:
 *
 *   php drop_proxy.php UPSTREAM_HOST:PORT CA_FILE drop|hold|unavailable [METHOD]
 *
 *   drop         the upstream handled it, then the client's connection is closed without an answer
 *                (what a reset after the response was lost looks like: curl error 52)
 *   hold         the upstream handled it, then the client gets nothing until it gives up (its timeout)
 *   unavailable  the upstream handled it, then the client gets the API's 503 `unavailable` (what a
 *                database connection lost during COMMIT answers: the outcome is unknown)
 *
 * Every request after that one is forwarded and answered normally. Stops when stdin closes.
 */
declare(strict_types=1);

[$script, $upstream, $caFile, $mode] = $argv + [null, null, null, null];
$lossMethod = $argv[4] ?? 'POST';
if ($upstream === null || $caFile === null || !in_array($mode, ['drop', 'hold', 'unavailable'], true)) {
    fwrite(STDERR, "usage: php drop_proxy.php UPSTREAM_HOST:PORT CA_FILE drop|hold|unavailable [METHOD]\n");
    exit(2);
}
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
if ($server === false) {
    fwrite(STDERR, "listen: $error\n");
    exit(1);
}
echo parse_url('tcp://' . stream_socket_get_name($server, false), PHP_URL_PORT), "\n";
fflush(STDOUT);
stream_set_blocking(STDIN, false);
$lost = false;

while (true) {
    $read = [$server, STDIN];
    $none = null;
    if (@stream_select($read, $none, $none, 1) < 1) {
        continue;
    }
    if (in_array(STDIN, $read, true)) {
        $input = fread(STDIN, 1024);
        if (($input === '' || $input === false) && feof(STDIN)) {
            exit(0); // the test closed our stdin: stop
        }
        continue;
    }
    $client = @stream_socket_accept($server, 5);
    if ($client === false) {
        continue;
    }
    stream_set_timeout($client, 10);
    // One request per connection (the answer says Connection: close).
    $request = read_request($client);
    if ($request === null) {
        fclose($client);
        continue;
    }
    [$head, $body, $method] = $request;
    $context = stream_context_create(['ssl' => ['cafile' => $caFile, 'verify_peer' => true, 'peer_name' => '127.0.0.1']]);
    $up = stream_socket_client('tls://' . $upstream, $errno, $error, 10, STREAM_CLIENT_CONNECT, $context);
    if ($up === false) {
        fwrite($client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        fclose($client);
        continue;
    }
    $lines = explode("\r\n", $head);
    $lines = array_values(array_filter($lines, fn ($l) => !preg_match('/^(connection|host):/i', $l)));
    $lines[] = 'Host: ' . $upstream;
    $lines[] = 'Connection: close';
    fwrite($up, implode("\r\n", $lines) . "\r\n\r\n" . $body);
    $answer = stream_get_contents($up);
    fclose($up);
    if (!$lost && $method === $lossMethod) {
        $lost = true;
        fwrite(STDERR, "lost the answer to $method ($mode)\n");
        if ($mode === 'unavailable') {
            $error = json_encode(['error' => 'unavailable', 'message' => 'The service is temporarily unavailable.',
                                  'detail' => new stdClass(), 'request_id' => bin2hex(random_bytes(16))]);
            fwrite($client, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                . 'Content-Length: ' . strlen($error) . "\r\nConnection: close\r\n\r\n" . $error);
        }
        if ($mode === 'hold') {
            // Wait until the client gives up and closes its end.
            stream_set_timeout($client, 30);
            while (!feof($client) && fread($client, 8192) !== false) {
                $meta = stream_get_meta_data($client);
                if ($meta['timed_out']) {
                    break;
                }
            }
        }
        fclose($client);
        continue;
    }
    fwrite($client, (string) $answer);
    fclose($client);
}

/** @return array{0: string, 1: string, 2: string}|null the head (request line and headers), the body, the method */
function read_request($client): ?array
{
    $head = '';
    while (!str_contains($head, "\r\n\r\n")) {
        $chunk = fread($client, 8192);
        if ($chunk === false || $chunk === '') {
            return null;
        }
        $head .= $chunk;
    }
    [$head, $body] = explode("\r\n\r\n", $head, 2);
    $length = preg_match('/^content-length:\s*(\d+)/im', $head, $m) ? (int) $m[1] : 0;
    while (strlen($body) < $length) {
        $chunk = fread($client, $length - strlen($body));
        if ($chunk === false || $chunk === '') {
            return null;
        }
        $body .= $chunk;
    }
    return [$head, $body, strtok($head, ' ')];
}
