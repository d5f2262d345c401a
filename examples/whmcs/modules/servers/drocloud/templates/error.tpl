<div class="alert alert-warning">{$usefulErrorHelper|escape}</div>
