<?php
// Loads the DroCloud\ classes without Composer: `require 'path/to/clients/php/autoload.php';`
// (the same PSR-4 mapping composer.json declares).
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'DroCloud\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
