<?php
// A stand-in for the parts of WHMCS's own PHP runtime that the privacy portal addon
// touches, shared by the harness and the stand-in client area. WHMCS is licensed
// software and is not installed for tests; everything behind this stub is real: the
// addon's files, the MariaDB database with the WHMCS schema, and the signing.
//
// Provided as WHMCS 8 provides them: the WHMCS and ROOTDIR constants, add_hook,
// generate_token, WHMCS\Authentication\CurrentUser (user, client, admin, masquerade),
// WHMCS\Database\Capsule (connection()->getPdo() only), WHMCS\View\Menu\Item, and the
// addon client-area contract (call NAME_clientarea, honour requirelogin, render the
// module's template). The template engine knows only the Smarty the addon uses and
// refuses anything else, so a template change that needs more shows up here.

namespace {
    define('WHMCS', true);
    // WHMCS's installation directory, the one that holds modules/.
    define('ROOTDIR', dirname(__DIR__, 3) . '/integrations/whmcs');

    function add_hook($hookPoint, $priority, $callback)
    {
        \WhmcsStub\Runtime::addHook((string) $hookPoint, (int) $priority, $callback);
    }

    /** WHMCS's CSRF token for this session: 'plain', a hidden form field, or a link suffix. */
    function generate_token($type = 'form')
    {
        $token = \WhmcsStub\Runtime::csrfToken();
        if ($type === 'plain') {
            return $token;
        }
        if ($type === 'link') {
            return '&token=' . $token;
        }
        return '<input type="hidden" name="token" value="' . $token . '" />';
    }
}

namespace WhmcsStub {
    final class Runtime
    {
        /** @var \PDO|null */
        private static $pdo;
        /** @var array<string, array<int, array{0: int, 1: int, 2: callable}>> */
        private static $hooks = [];
        /** @var int|null tblusers.id of the logged-in user */
        public static $userId;
        /** @var int|null tblclients.id of the selected account ($_SESSION['uid'] in WHMCS) */
        public static $clientId;
        /** @var int|null tbladmins.id of the logged-in admin */
        public static $adminId;
        /** @var string the session's CSRF token */
        public static $csrf = '';

        /** Opens the database connection the way WHMCS (Laravel) configures it. */
        public static function connect(string $dsn, string $user, string $password)
        {
            self::$pdo = new \PDO($dsn, $user, $password, [
                \PDO::ATTR_CASE => \PDO::CASE_NATURAL,
                \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
                \PDO::ATTR_ORACLE_NULLS => \PDO::NULL_NATURAL,
                \PDO::ATTR_STRINGIFY_FETCHES => false,
                \PDO::ATTR_EMULATE_PREPARES => false,
            ]);
        }

        public static function pdo(): \PDO
        {
            if (self::$pdo === null) {
                throw new \LogicException('WhmcsStub\Runtime::connect() was not called');
            }
            return self::$pdo;
        }

        /** Sets who is logged in; a client with an admin and a user is a masquerade. */
        public static function logIn($userId, $clientId, $adminId)
        {
            self::$userId = $userId;
            self::$clientId = $clientId;
            self::$adminId = $adminId;
        }

        public static function csrfToken(): string
        {
            if (self::$csrf === '') {
                self::$csrf = bin2hex(random_bytes(20));
            }
            return self::$csrf;
        }

        public static function addHook(string $hookPoint, int $priority, $callback)
        {
            self::$hooks[$hookPoint][] = [$priority, count(self::$hooks[$hookPoint] ?? []), $callback];
        }

        /** Runs a hook point's functions in priority order and returns what they returned. */
        public static function runHook(string $hookPoint, $vars): array
        {
            $hooks = self::$hooks[$hookPoint] ?? [];
            usort($hooks, function ($a, $b) {
                return [$a[0], $a[1]] <=> [$b[0], $b[1]];
            });
            $results = [];
            foreach ($hooks as $hook) {
                $results[] = call_user_func($hook[2], $vars);
            }
            return $results;
        }

        /** What WHMCS passes an addon's functions: its settings plus modulelink, version, _lang. */
        public static function moduleVars(string $module, string $modulelink, array $settings): array
        {
            $config = call_user_func($module . '_config');
            return $settings + [
                'modulelink' => $modulelink,
                'version' => $config['version'],
                '_lang' => [],
            ];
        }

        /**
         * The content WHMCS shows for an addon's client-area page: the module template
         * rendered with its vars, or the login prompt when the page requires a login and
         * no account is selected.
         */
        public static function renderClientAreaModule(string $module, array $result): string
        {
            if (!empty($result['requirelogin']) && self::$clientId === null) {
                return '<div class="login-required"><p>Please log in to continue.</p>'
                    . '<a href="login.php">Log in</a></div>';
            }
            $dir = ROOTDIR . '/modules/addons/' . $module;
            $name = (string) $result['templatefile'];
            $file = is_file("$dir/templates/$name.tpl") ? "$dir/templates/$name.tpl" : "$dir/$name.tpl";
            $vars = ($result['vars'] ?? []) + [
                'WEB_ROOT' => '',
                'token' => self::csrfToken(),
                'pagetitle' => (string) ($result['pagetitle'] ?? ''),
            ];
            return Smarty::render($file, $vars);
        }
    }

    /** The Smarty the addon's templates use: {$v}, {$v|escape:'html'}, {if $v}/{if !$v}, {else}, {/if}, {* *}. */
    final class Smarty
    {
        public static function render(string $file, array $vars): string
        {
            $source = file_get_contents($file);
            if ($source === false) {
                throw new \RuntimeException("template $file not found");
            }
            $source = preg_replace('/\{\*.*?\*\}/s', '', $source);
            // A brace followed by white space is not a tag, as in Smarty.
            $parts = preg_split('/(\{[^\s{}][^{}]*\})/', $source, -1, PREG_SPLIT_DELIM_CAPTURE);
            $out = '';
            $shown = [true];
            foreach ($parts as $i => $part) {
                $visible = !in_array(false, $shown, true);
                if ($i % 2 === 0) {
                    $out .= $visible ? $part : '';
                    continue;
                }
                if (preg_match('/^\{if (!?)\$(\w+)\}$/', $part, $m)) {
                    $shown[] = $m[1] === '' ? (bool) self::value($vars, $m[2], $file) : !self::value($vars, $m[2], $file);
                } elseif ($part === '{else}' && count($shown) > 1) {
                    $shown[] = !array_pop($shown);
                } elseif ($part === '{/if}' && count($shown) > 1) {
                    array_pop($shown);
                } elseif (preg_match('/^\{\$(\w+)(\|escape(:\'html\')?)?\}$/', $part, $m)) {
                    $value = self::value($vars, $m[1], $file);
                    if ($visible) {
                        $text = is_bool($value) ? ($value ? '1' : '') : (string) $value;
                        $out .= isset($m[2]) ? htmlspecialchars($text, ENT_QUOTES, 'UTF-8') : $text;
                    }
                } else {
                    throw new \RuntimeException("$file: Smarty tag $part is not supported by the stub");
                }
            }
            if (count($shown) !== 1) {
                throw new \RuntimeException("$file: {if} without {/if}");
            }
            return $out;
        }

        private static function value(array $vars, string $name, string $file)
        {
            if (!array_key_exists($name, $vars)) {
                throw new \RuntimeException("$file: template variable \$$name is not assigned");
            }
            return $vars[$name];
        }
    }
}

namespace WHMCS\Database {
    use WhmcsStub\Runtime;

    /** Only what the addon uses of Laravel's Capsule: connection()->getPdo(). */
    final class Capsule
    {
        public static function connection()
        {
            return new Connection(Runtime::pdo());
        }
    }

    final class Connection
    {
        /** @var \PDO */
        private $pdo;

        public function __construct(\PDO $pdo)
        {
            $this->pdo = $pdo;
        }

        public function getPdo(): \PDO
        {
            return $this->pdo;
        }
    }
}

namespace WHMCS\User {
    // WHMCS's models are Eloquent; the addon reads only their id.
    class User
    {
        public $id;

        public function __construct(int $id)
        {
            $this->id = $id;
        }
    }

    class Client
    {
        public $id;

        public function __construct(int $id)
        {
            $this->id = $id;
        }
    }

    class Admin
    {
        public $id;

        public function __construct(int $id)
        {
            $this->id = $id;
        }
    }
}

namespace WHMCS\Authentication {
    use WhmcsStub\Runtime;
    use WHMCS\User\Admin;
    use WHMCS\User\Client;
    use WHMCS\User\User;

    class CurrentUser
    {
        public function user()
        {
            return Runtime::$userId === null ? null : new User(Runtime::$userId);
        }

        public function client()
        {
            return Runtime::$clientId === null ? null : new Client(Runtime::$clientId);
        }

        public function admin()
        {
            return Runtime::$adminId === null ? null : new Admin(Runtime::$adminId);
        }

        public function isAuthenticatedUser(): bool
        {
            return Runtime::$userId !== null;
        }

        public function isAuthenticatedAdmin(): bool
        {
            return Runtime::$adminId !== null;
        }

        /** As WHMCS defines it: an admin, a user and an account all at once. */
        public function isMasqueradingAdmin(): bool
        {
            return Runtime::$adminId !== null && Runtime::$userId !== null && Runtime::$clientId !== null;
        }
    }
}

namespace WHMCS\View\Menu {
    /** A navbar or sidebar item, as far as hooks build menus with it. */
    class Item
    {
        private $name;
        private $options;
        private $children = [];

        public function __construct(string $name = 'root', array $options = [])
        {
            $this->name = $name;
            $this->options = $options;
        }

        public function addChild($name, array $options = [])
        {
            $child = new self((string) $name, $options);
            $this->children[(string) $name] = $child;
            return $child;
        }

        public function getChild($name)
        {
            return $this->children[(string) $name] ?? null;
        }

        /** @return Item[] in display order */
        public function getChildren(): array
        {
            $children = array_values($this->children);
            usort($children, function ($a, $b) {
                return $a->getOrder() <=> $b->getOrder();
            });
            return $children;
        }

        public function getName(): string
        {
            return $this->name;
        }

        public function getLabel(): string
        {
            return (string) ($this->options['label'] ?? $this->name);
        }

        public function getUri(): string
        {
            return (string) ($this->options['uri'] ?? '');
        }

        public function getOrder(): int
        {
            return (int) ($this->options['order'] ?? 0);
        }
    }
}
