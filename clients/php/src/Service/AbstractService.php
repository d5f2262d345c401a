<?php
declare(strict_types=1);

namespace DroCloud\Service;

use DroCloud\HttpClient;
use DroCloud\Pager;

/** @internal shared plumbing of the services */
abstract class AbstractService
{
    public function __construct(protected readonly HttpClient $http)
    {
    }

    /** One path segment, percent-encoded (ids and names never contain `/`, but callers may pass anything). */
    protected static function segment(string $value): string
    {
        if ($value === '') {
            throw new \InvalidArgumentException('an id or name must not be empty');
        }
        return rawurlencode($value);
    }

    /** @param array<string, mixed> $query */
    protected function pager(string $path, string $key, array $query, bool $feed = false): Pager
    {
        $http = $this->http;
        return new Pager(static fn (array $q): array => $http->request('GET', $path, $q), $key, $query, $feed);
    }
}
