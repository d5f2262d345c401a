<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** Implemented by every exception this client throws: `catch (DroCloudException $e)` catches them all. */
interface DroCloudException extends \Throwable
{
}
