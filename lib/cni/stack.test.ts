import { describe, expect, it } from 'vitest';
import { AWS_CONFLIST, aFile, multusConf } from '@/lib/testing/models';
import { loadConfigDir } from './files';
import { cniStack } from './stack';

describe('cniStack', () => {
  it('names Multus first when it is effective, then the primary it delegates to', () => {
    const dir = loadConfigDir([aFile('00-multus.conf', multusConf(AWS_CONFLIST)), aFile('10-aws.conflist', AWS_CONFLIST)]);
    expect(cniStack(dir)).toEqual(['multus', 'aws-vpc-cni']);
  });

  it('lists nothing for an empty or unreadable directory', () => {
    expect(cniStack(undefined)).toEqual([]);
    expect(cniStack(loadConfigDir([aFile('00-bad.conf', '{')]))).toEqual([]);
  });

  it('lists a leftover config of another CNI too', () => {
    const calico = { cniVersion: '0.3.1', name: 'k8s-pod-network', plugins: [{ type: 'calico', ipam: { type: 'calico-ipam' } }] };
    expect(cniStack(loadConfigDir([aFile('10-aws.conflist', AWS_CONFLIST), aFile('10-calico.conflist', calico)]))).toEqual(['aws-vpc-cni', 'calico']);
  });
});
