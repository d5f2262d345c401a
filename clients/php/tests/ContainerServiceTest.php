<?php
declare(strict_types=1);

namespace DroCloud\Tests;

use DroCloud\Exception\ConflictException;
use PHPUnit\Framework\TestCase;

/** Each container method maps to its route and answers the API's JSON. */
final class ContainerServiceTest extends TestCase
{
    public function testTheContainerMethods(): void
    {
        $client = Stack::tenant()['client'];
        $created = $client->containers->create(Stack::spec(['start' => false, 'labels' => ['app' => 'shop']]));
        $this->assertSame(201, $client->lastResponse()->status);
        $this->assertSame('stopped', $created['desired_state']);
        $this->assertSame($created, $client->containers->get($created['id']));

        $updated = $client->containers->update($created['id'], ['labels' => ['app' => 'shop', 'tier' => 'web']]);
        $this->assertSame(['app' => 'shop', 'tier' => 'web'], $updated['labels']);

        try {
            $client->containers->restart($created['id']);
            $this->fail('a restart of a container that is not running was accepted');
        } catch (ConflictException $e) {
            $this->assertSame('not_running', $e->reason());
        }
        $client->containers->start($created['id']);
        $this->assertSame(202, $client->lastResponse()->status);
        $this->assertSame('running', $client->containers->get($created['id'])['desired_state']);
        $client->containers->stop($created['id']);
        $this->assertSame('stopped', $client->containers->get($created['id'])['desired_state']);

        $logs = $client->containers->logs($created['id'], ['tail' => 10]);
        $this->assertSame($created['id'], $logs['container_id']);
        $this->assertIsArray($logs['lines']);

        $this->assertSame(['*'], array_column($client->quota()['allocations'], 'scope'));
        $this->assertContains(Stack::host(), array_column($client->hosts()['hosts'], 'host_key'));

        $client->containers->delete($created['id']);
        $this->assertSame(202, $client->lastResponse()->status);
        $this->assertSame('deleted', $client->containers->get($created['id'])['desired_state']);
        $this->assertSame([], $client->containers->list()->toArray());
    }
}
