<?php
declare(strict_types=1);

require __DIR__ . '/../autoload.php';
require __DIR__ . '/support/Stack.php';
require __DIR__ . '/support/LossyProxy.php';
