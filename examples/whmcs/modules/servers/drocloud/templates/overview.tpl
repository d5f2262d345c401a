<h3>Containers</h3>
{if $containers}
<table class="table table-striped">
  <thead><tr><th>Name</th><th>Image</th><th>State</th><th>Addresses</th></tr></thead>
  <tbody>
  {foreach $containers as $container}
    <tr>
      <td>{$container.name|escape}</td>
      <td>{$container.image|escape}</td>
      <td>{$container.state|escape}{if $container.state != $container.desired_state} (→ {$container.desired_state|escape}){/if}{if $container.last_error}<br><small>{$container.last_error|escape}</small>{/if}</td>
      <td>{foreach $container.endpoints as $endpoint}{$endpoint.address|escape} → {$endpoint.container_port}/{$endpoint.protocol|escape}<br>{/foreach}</td>
    </tr>
  {/foreach}
  </tbody>
</table>
{else}
<p>No containers yet. Create them with the API token of this service (its password).</p>
{/if}
<h4>Allowance</h4>
<ul>
{foreach $allocations as $allocation}
  <li>{$allocation.scope|escape}: {$allocation.used_containers}/{$allocation.max_containers|default:'∞'} containers,
      {$allocation.used_cpu}/{$allocation.max_cpu|default:'∞'} vCPU,
      {($allocation.used_mem_bytes/1048576)|string_format:"%d"}/{if $allocation.max_mem_bytes}{($allocation.max_mem_bytes/1048576)|string_format:"%d"}{else}∞{/if} MiB</li>
{/foreach}
</ul>
