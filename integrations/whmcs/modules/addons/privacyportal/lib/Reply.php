<?php
// An HTTP answer built first and sent last, so the rules that build it can be run and
// checked without a web server.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class Reply
{
    /** @var int */
    public $status;
    /** @var array<string, string> */
    public $headers;
    /** @var string */
    public $body;

    private function __construct(int $status, array $headers, string $body)
    {
        $this->status = $status;
        $this->headers = $headers;
        $this->body = $body;
    }

    /** JSON that no cache may keep: it may hold a launch token. */
    public static function json(int $status, array $body, array $extraHeaders = []): self
    {
        $headers = [
            'Content-Type' => 'application/json; charset=utf-8',
            'Cache-Control' => 'no-store',
            'X-Content-Type-Options' => 'nosniff',
        ] + $extraHeaders;
        return new self($status, $headers, json_encode($body, JSON_UNESCAPED_SLASHES) . "\n");
    }

    public function send()
    {
        http_response_code($this->status);
        foreach ($this->headers as $name => $value) {
            header($name . ': ' . $value);
        }
        echo $this->body;
    }
}
