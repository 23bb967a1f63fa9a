import { describe, expect, it } from 'vitest'
import {
  generateSigningKeys,
  hybridGrant,
  implicitGrant,
  openIdExtension,
  pkceExtension,
} from '../../runtime/server/index.js'
import { setup } from './fixtures.js'

describe('OpenID discovery lists exactly what is registered', () => {
  it('default server: code only, one signing alg, claims parameter on, request objects off', async () => {
    const f = await setup()
    const md = f.server.metadata()
    expect({
      response_types_supported: md['response_types_supported'],
      response_modes_supported: md['response_modes_supported'],
      id_token_signing_alg_values_supported: md['id_token_signing_alg_values_supported'],
      userinfo_signing_alg_values_supported: md['userinfo_signing_alg_values_supported'],
      claims_parameter_supported: md['claims_parameter_supported'],
      request_parameter_supported: md['request_parameter_supported'],
      request_uri_parameter_supported: md['request_uri_parameter_supported'],
      claims_supported: md['claims_supported'],
    }).toEqual({
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      id_token_signing_alg_values_supported: ['RS256'],
      userinfo_signing_alg_values_supported: ['RS256'],
      claims_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      claims_supported: [
        ...['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'at_hash'],
        ...['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username'],
        ...['profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'],
        ...['email', 'email_verified'],
      ],
    })
  })

  it('registered hybrid types and extra key algorithms appear; without keys no OpenID members', async () => {
    const keys = await generateSigningKeys({ alg: 'ES256', extraAlgs: ['EdDSA'] })
    const f = await setup({ keys })
    f.server.registerGrant(hybridGrant('code id_token'), [pkceExtension(), openIdExtension()])
    const md = f.server.metadata()
    expect(md['response_types_supported']).toEqual(['code', 'code id_token'])
    expect(md['id_token_signing_alg_values_supported']).toEqual(['ES256', 'EdDSA'])
    // c_hash only once a response type returns a code and an ID token together.
    expect(md['claims_supported']).toContain('c_hash')
    const bare = (await setup({ keys: undefined })).server.metadata()
    expect(bare['claims_parameter_supported']).toBeUndefined()
    expect(bare['id_token_signing_alg_values_supported']).toBeUndefined()
  })

  it.each([
    ['the code flow alone', [], false],
    ['an implicit response type', [implicitGrant('id_token')], true],
    ['a hybrid response type', [hybridGrant('code id_token')], true],
    ['plain OAuth implicit', [implicitGrant('token')], true],
  ] as const)('grant_types_supported with %s: implicit listed = %s', async (_name, grants, implicit) => {
    const f = await setup()
    for (const grant of grants) f.server.registerGrant(grant, [openIdExtension()])
    const types = f.server.metadata()['grant_types_supported'] as string[]
    expect(types).toContain('authorization_code')
    expect(types.includes('implicit')).toBe(implicit)
    expect(new Set(types).size).toBe(types.length)
  })
})
