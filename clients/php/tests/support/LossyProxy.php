<?php
declare(strict_types=1);

namespace DroCloud\Tests;

/** drop_proxy.php as a child process: `url()` is its plain-HTTP address. Stopped by stop() or on destruction. */
final class LossyProxy
{
    /** @var resource */
    private $process;
    /** @var array<int, resource> */
    private array $pipes = [];
    private int $port;

    public function __construct(string $mode, string $method = 'POST')
    {
        $upstream = (string) parse_url(Stack::env('DRO_TEST_BASE_URL'), PHP_URL_HOST) . ':' . (string) parse_url(Stack::env('DRO_TEST_BASE_URL'), PHP_URL_PORT);
        $this->process = proc_open(
            [PHP_BINARY, __DIR__ . '/drop_proxy.php', $upstream, Stack::env('DRO_TEST_CA'), $mode, $method],
            [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $this->pipes,
        );
        $line = fgets($this->pipes[1]);
        if ($line === false || !ctype_digit(trim($line))) {
            throw new \RuntimeException('the proxy did not start: ' . stream_get_contents($this->pipes[2]));
        }
        $this->port = (int) trim($line);
    }

    public function url(): string
    {
        return 'http://127.0.0.1:' . $this->port;
    }

    /** What the proxy reported (e.g. "lost the answer to POST (drop)"). */
    public function stop(): string
    {
        if ($this->process === null) {
            return '';
        }
        fclose($this->pipes[0]);
        $log = stream_get_contents($this->pipes[2]);
        fclose($this->pipes[1]);
        fclose($this->pipes[2]);
        proc_close($this->process);
        $this->process = null;
        return (string) $log;
    }

    public function __destruct()
    {
        $this->stop();
    }
}
