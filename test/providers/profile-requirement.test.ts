import { describe, expect, it } from 'vitest'
import cognito from '../../providers/cognito.js'
import github from '../../providers/github.js'
import okta from '../../providers/okta.js'
import { claimsProfile, profileRequirement } from '../../runtime/provider/claims-profile.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import { findSpecProblems } from '../../runtime/provider/validate-spec.js'

describe('profileRequirement: the scopes profile() needs, stated once', () => {
  it('is openid for a claimsProfile mapping, the spec field where one is given, else nothing', () => {
    expect(profileRequirement(okta)).toEqual(['openid'])
    expect(profileRequirement(cognito)).toEqual(['openid'])
    expect(profileRequirement(github)).toBeUndefined()
  })

  it('validate refuses a claimsProfile spec that does not declare openid', () => {
    const spec = {
      ...okta,
      scopes: { ...okta.scopes, supported: { email: { description: 'Email' } }, defaults: ['email'] },
    }
    const problems = findSpecProblems(
      { ...spec, profile: claimsProfile() } as unknown as ProviderSpec,
      'providers/okta.ts',
    )
    expect(problems.map((p) => p.message)).toEqual([
      'providers/okta.ts:profile: the profile mapping needs the "openid" scope (hint: declare it in scopes.supported)',
    ])
  })
})
