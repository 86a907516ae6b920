import * as assert from 'node:assert/strict';
import type { Endpoint } from '../../src/core/providers';
import { endpointAddress, endpointSecrets, isLoopback, resolveEndpoint, sendsCredentialsInPlainText, urlProblem } from '../../src/core/providers';
import { isCredentialName, redactSecrets } from '../../src/core/secrets';

const settings = {
  provider: 'custom',
  baseUrl: undefined,
  baseUrlSetByUser: true,
  providerUrls: undefined,
  customHeaders: undefined,
  azureEndpoint: undefined,
  azureDeployment: undefined,
  azureApiVersion: undefined,
};

function openai(baseUrl: string, headers: Record<string, string> = {}): Endpoint {
  return { api: 'openai', provider: 'custom', baseUrl, headers, needsKey: true };
}

describe('redactSecrets', () => {
  describe('in addresses', () => {
    const cases: [string, string][] = [
      ['https://user:sk-secret@host/v1', 'https://***@host/v1'],
      ['https://sk-only-a-user@host/v1', 'https://***@host/v1'],
      ['https://us%40er:p%3Ass@host:8443/v1', 'https://***@host:8443/v1'],
      ['https://u:p@ss@host/v1', 'https://***@host/v1'],
      ['//user:pw@host/v1', '//***@host/v1'],
      ['https://host/v1?api-key=sk-abc123', 'https://host/v1?api-key=***'],
      ['https://host/v1?key=AIzaSyA-1234567890abcdefghijklmnopqrst&alt=json', 'https://host/v1?key=***&alt=json'],
      ['https://host/v1?api%2Dkey=zzz9', 'https://host/v1?api%2Dkey=***'],
      ['https://host/v1?%61pi_key=zzz9', 'https://host/v1?%61pi_key=***'],
      ['https://host/v1?access_token=abc&x=1', 'https://host/v1?access_token=***&x=1'],
      ['https://blob/c?sv=2022-11-02&sig=abc%2Bdef%3D&se=2030', 'https://blob/c?sv=2022-11-02&sig=***&se=2030'],
      ['https://host/v1?X-Amz-Credential=AK%2F2024&X-Amz-Signature=ff00', 'https://host/v1?X-Amz-Credential=***&X-Amz-Signature=***'],
      ['https://host/v1?password=hunter2#frag', 'https://host/v1?password=***#frag'],
      ['https://host/v1?apiKey=abc;token=def', 'https://host/v1?apiKey=***;token=***'],
    ];
    for (const [input, expected] of cases) it(`${input} → ${expected}`, () => assert.equal(redactSecrets(input), expected));

    it('leaves an address without credentials as it is', () => {
      for (const url of [
        'https://api.openai.com/v1',
        'http://localhost:11434/v1',
        'https://r.openai.azure.com/openai?api-version=2024-10-21',
        'https://h/v1?max_tokens=5',
      ])
        assert.equal(redactSecrets(url), url);
    });
  });

  describe('in server text', () => {
    const cases: [string, string][] = [
      ['Authorization: Bearer abcdefgh12345', 'Authorization: ***'],
      ['header was bearer abcdefgh12345xyz.', 'header was bearer ***.'],
      ['Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Proxy-Authorization: ***'],
      ['got Basic dXNlcjpwYXNzd29yZA== instead', 'got Basic *** instead'],
      ['{"api_key": "hunter2-long", "model": "m"}', '{"api_key": "***", "model": "m"}'],
      ["{'x-api-key': 'with spaces in it'}", "{'x-api-key': '***'}"],
      ['"headers":{"api-key":"0123abcd0123abcd0123abcd0123abcd","accept":"application/json"}', '"headers":{"api-key":"***","accept":"application/json"}'],
      ['Incorrect API key provided: sk-proj-AbC123dEf456GhI789.', 'Incorrect API key provided: ***.'],
      ['Incorrect API key provided: sk-test-*********6789.', 'Incorrect API key provided: ***.'],
      ['OpenRouter: sk-or-v1-abcdef0123456789abcdef is invalid', 'OpenRouter: *** is invalid'],
      ['Anthropic sk-ant-api03-abcDEF123456_-xyz', 'Anthropic ***'],
      ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked', 'token *** leaked'],
      ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', '***'],
      ['aws AKIAIOSFODNN7EXAMPLE here', 'aws *** here'],
      ['slack xoxb-1234567890-abcdefghij', 'slack ***'],
      ['hf_abcdefghijklmnopqrstuvwxyz1234 nope', '*** nope'],
      ['groq gsk_abcdefghijklmnopqrstuvwxyz0123', 'groq ***'],
      ['google AIzaSyA-1234567890abcdefghijklmnopqrst', 'google ***'],
      ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcDEF_123-xyz end', 'jwt *** end'],
      ['stripe sk_live_abcdefghij0123456789', 'stripe ***'],
    ];
    for (const [input, expected] of cases) it(`${input} → ${expected}`, () => assert.equal(redactSecrets(input), expected));

    it('leaves ordinary error text alone (token counts are not tokens)', () => {
      for (const text of [
        'The model `gpt-4o` does not exist or you do not have access to it.',
        "Invalid 'max_tokens': integer below minimum value.",
        'max_tokens is too large: 100000. This model supports at most 16384 completion tokens.',
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
        'Rate limit reached for gpt-4o on requests per min (RPM): Limit 3, Used 3, Requested 1.',
        'Basic authentication failed',
        'the keyboard monkey said tokens=5',
      ])
        assert.equal(redactSecrets(text), text);
    });
  });

  describe('the values in use, whatever their shape', () => {
    it('removes a known key wherever it appears, in any case of its encoding', () => {
      const key = 'zq9-Secret/Value+1';
      assert.equal(redactSecrets(`the key ${key} was rejected`, [key]), 'the key *** was rejected');
      assert.equal(redactSecrets(`path /x/${encodeURIComponent(key)}/y`, [key]), 'path /x/***/y');
      assert.equal(redactSecrets(`path /x/${encodeURIComponent(key).toLowerCase()}/y`, [key]), 'path /x/***/y');
      assert.equal(redactSecrets(`json ${JSON.stringify({ k: 'a"b\\c' })}`, ['a"b\\c']), 'json {"k":"***"}');
    });

    it('removes the decoded form of a percent-encoded password', () => {
      assert.equal(redactSecrets('user p@ss/w rd refused', ['p%40ss%2Fw%20rd']), 'user *** refused');
    });

    it('takes the longest value first, so no part of a longer one is left', () => {
      assert.equal(redactSecrets('abcd-efgh-ijkl', ['abcd', 'abcd-efgh-ijkl']), '***');
    });

    it('does not replace values too short to be told apart from words', () => {
      assert.equal(redactSecrets('about a tab', ['ab']), 'about a tab');
    });

    it('gives the same text when applied twice', () => {
      const text = 'https://u:p@h/v1?key=1 Authorization: Bearer abcdefghijkl sk-abcdefghijkl';
      assert.equal(redactSecrets(redactSecrets(text, ['p']), ['p']), redactSecrets(text, ['p']));
    });
  });
});

describe('isCredentialName', () => {
  for (const name of [
    'api-key',
    'x-api-key',
    'Authorization',
    'Proxy-Authorization',
    'Cookie',
    'X-Goog-Api-Key',
    'Ocp-Apim-Subscription-Key',
    'apiKey',
    'APIKEY',
    'access_token',
    'X-Amz-Signature',
    'sig',
    'client_secret',
    'password',
    'api%2Dkey',
    'cf-access-client-secret',
  ])
    it(`${name} carries a credential`, () => assert.equal(isCredentialName(name), true));
  for (const name of ['max_tokens', 'Content-Type', 'HTTP-Referer', 'X-Title', 'model', 'api-version', 'tokens', 'keyboard', 'monkey', 'alt'])
    it(`${name} does not`, () => assert.equal(isCredentialName(name), false));
});

describe('endpointSecrets', () => {
  it('collects the key, the userinfo, credential query values and credential headers, nothing else', () => {
    const endpoint = openai('https://me:p%40ss@host/v1?key=qk-1234&alt=json', {
      'X-Api-Key': 'hk-5678',
      'X-Title': 'Parley',
      Authorization: 'Bearer tok-9999',
    });
    assert.deepEqual(
      new Set(endpointSecrets(endpoint, 'sk-key-0000')),
      new Set(['sk-key-0000', 'me', 'p%40ss', 'p@ss', 'qk-1234', 'hk-5678', 'Bearer tok-9999', 'tok-9999']),
    );
  });

  it('is empty for VS Code language models', () => {
    assert.deepEqual(endpointSecrets({ api: 'vscode-lm', provider: 'vscode-lm', needsKey: false }, undefined), []);
  });
});

describe('sendsCredentialsInPlainText', () => {
  const key = 'sk-abc';
  it('is true for a key to a plain http address on the network', () => {
    for (const url of ['http://10.0.0.5:8000/v1', 'HTTP://Example.com/v1', 'http://localhost.evil.com/v1', 'http://127.0.0.1.nip.io/v1', 'http://[::2]:80/v1'])
      assert.equal(sendsCredentialsInPlainText(openai(url), key), true, url);
  });
  it('is false over https, and on this machine whatever the spelling', () => {
    for (const url of [
      'https://10.0.0.5/v1',
      'http://localhost:11434/v1',
      'http://LOCALHOST/v1',
      'http://127.0.0.2:8/v1',
      'http://[::1]:8000/v1',
      'http://127.1/v1',
      'http://[0:0:0:0:0:0:0:1]/v1',
    ])
      assert.equal(sendsCredentialsInPlainText(openai(url), key), false, url);
  });
  it('is false without any credential, true with one only in a header or the address', () => {
    assert.equal(sendsCredentialsInPlainText(openai('http://10.0.0.5/v1'), undefined), false);
    assert.equal(sendsCredentialsInPlainText(openai('http://10.0.0.5/v1', { 'X-Title': 'Parley' }), undefined), false);
    assert.equal(sendsCredentialsInPlainText(openai('http://10.0.0.5/v1', { Authorization: 'Bearer x' }), undefined), true);
    assert.equal(sendsCredentialsInPlainText(openai('http://10.0.0.5/v1?api-key=x'), undefined), true);
  });
  it("is true for Azure's api-key to an http endpoint", () => {
    assert.equal(
      sendsCredentialsInPlainText({ api: 'azure', provider: 'azure', endpoint: 'http://r.example.com', apiVersion: 'v', needsKey: true }, key),
      true,
    );
  });
});

describe('addresses shown and refused', () => {
  it('endpointAddress never shows credentials', () => {
    assert.equal(endpointAddress(openai('https://u:pw@h/v1?key=abc&alt=1')), 'https://***@h/v1?key=***&alt=1');
    assert.equal(
      endpointAddress({ api: 'azure', provider: 'azure', endpoint: 'https://u:pw@r.example.com', apiVersion: 'v', needsKey: true }),
      'https://***@r.example.com/openai',
    );
  });

  it('refuses a base URL with a user name or password, without repeating them', () => {
    const reading = resolveEndpoint({ ...settings, baseUrl: 'https://me:sk-pass-1234@host/v1' }, 'custom');
    assert.equal(reading.ok, false);
    const problem = (reading as { problem: string }).problem;
    assert.match(problem, /parley\.baseUrl "https:\/\/\*\*\*@host\/v1" holds a user name or password/);
    assert.ok(!problem.includes('sk-pass-1234') && !problem.includes('me:'), problem);
  });

  it('shows a malformed URL with its credentials removed', () => {
    const problem = urlProblem('parley.baseUrl', 'htps://me:sk-pass-1234@host/v1?key=zz99');
    assert.ok(problem && !problem.includes('sk-pass-1234') && !problem.includes('zz99'), problem);
  });

  it('isLoopback reads the host as a URL parser does', () => {
    assert.equal(isLoopback('http://127.1:8000/v1'), true);
    assert.equal(isLoopback('http://u:p@localhost:8000/v1'), true);
    assert.equal(isLoopback('http://localhost.evil.com/v1'), false);
  });
});
