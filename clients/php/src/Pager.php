<?php
declare(strict_types=1);

namespace DroCloud;

/**
 * A list that follows `next_cursor` across pages as you iterate it (stripe-php's
 * `autoPagingIterator`): `foreach ($client->containers->list(['label' => 'app=shop']) as $c)`.
 * Pages are fetched lazily, one request each; each iteration starts again from the first page.
 *
 * For the events feed (whose pages always carry a cursor) iteration stops at the first empty
 * page; `cursor()` is then the position to store and pass back as `cursor` next time.
 *
 * @implements \IteratorAggregate<int, array<string, mixed>>
 */
final class Pager implements \IteratorAggregate
{
    private ?string $cursor;

    /**
     * @param \Closure(array<string, mixed>): array<string, mixed> $fetch one page for the given query
     * @param array<string, mixed> $query
     */
    public function __construct(
        private readonly \Closure $fetch,
        private readonly string $key,
        private readonly array $query,
        private readonly bool $feed = false,
    ) {
        $this->cursor = isset($query['cursor']) ? (string) $query['cursor'] : null;
    }

    /** @return \Generator<int, array<string, mixed>> */
    public function getIterator(): \Generator
    {
        $query = $this->query;
        while (true) {
            $page = ($this->fetch)($query);
            $items = $page[$this->key] ?? [];
            $next = $page['next_cursor'] ?? null;
            if ($next !== null) {
                $this->cursor = (string) $next;
            }
            foreach ($items as $item) {
                yield $item;
            }
            if ($next === null || $items === [] || ($this->feed && $next === ($query['cursor'] ?? null))) {
                return;
            }
            $query['cursor'] = $next;
        }
    }

    /** @return list<array<string, mixed>> every item of every page */
    public function toArray(): array
    {
        return iterator_to_array($this->getIterator(), false);
    }

    /** @return array<string, mixed> the first page as the API answers it (`{"<plural>": […], "next_cursor": …}`) */
    public function firstPage(): array
    {
        return ($this->fetch)($this->query);
    }

    /** The last `next_cursor` seen while iterating (for the events feed: where to continue). */
    public function cursor(): ?string
    {
        return $this->cursor;
    }
}
