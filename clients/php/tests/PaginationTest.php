<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use PHPUnit\Framework\TestCase;

final class PaginationTest extends TestCase
{
    public function testAListFollowsTheCursorAcrossPages(): void
    {
        $client = Stack::tenant()['client'];
        $run = bin2hex(random_bytes(6));
        $ids = [];
        for ($i = 0; $i < 5; $i++) {
            $ids[] = $client->containers->create(Stack::spec(['labels' => ['run' => $run], 'start' => false]))['id'];
        }
        $client->containers->create(Stack::spec(['labels' => ['run' => 'other'], 'start' => false]));

        $pager = $client->containers->list(['label' => "run=$run", 'limit' => 2]);
        $first = $pager->firstPage();
        $this->assertCount(2, $first['containers']);
        $this->assertNotNull($first['next_cursor']);
        $this->assertSame($ids, array_column(iterator_to_array($pager, false), 'id'), 'every page, oldest first, the label filter kept');
        $this->assertSame($ids, array_column($pager->toArray(), 'id'), 'iterating again starts again');
        $this->assertCount(6, $client->containers->list(['limit' => 4])->toArray());
    }

    public function testOperatorListsPageToo(): void
    {
        $operator = Stack::operator();
        $tenant = Stack::tenant();
        for ($i = 0; $i < 3; $i++) {
            $tenant['client']->containers->create(Stack::spec(['start' => false]));
        }
        $ids = array_column($tenant['client']->containers->list()->toArray(), 'id');
        $listed = $operator->containers->list(['tenant_id' => $tenant['id'], 'limit' => 1])->toArray();
        $this->assertSame($ids, array_column($listed, 'id'), 'three pages of one, only this tenant');
    }

    public function testTheEventsFeedStopsAtTheEndAndGivesTheCursorToStore(): void
    {
        $client = Stack::tenant()['client'];
        $container = $client->containers->create(Stack::spec(['start' => false]));
        $client->containers->start($container['id']);
        sleep(3); // the feed shows events older than its settle window (2 s)

        $feed = $client->events->iterate(['container_id' => $container['id'], 'limit' => 1]);
        $types = array_column(iterator_to_array($feed, false), 'type');
        $this->assertSame(['container.created', 'container.start_requested'], $types);
        $cursor = $feed->cursor();
        $this->assertNotNull($cursor);

        $again = $client->events->list(['container_id' => $container['id'], 'cursor' => $cursor]);
        $this->assertSame([], $again['events'], 'nothing new after the stored cursor');
        $this->assertNotEmpty($again['next_cursor'], 'an empty page still carries a cursor (it may move past other feeds\' events)');
        $this->assertSame([], $client->events->iterate(['container_id' => $container['id'], 'cursor' => $cursor])->toArray());
    }
}
