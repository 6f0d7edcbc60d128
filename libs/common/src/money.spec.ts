import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from './errors/domain.error';
import { amountShapeProblem, formatMinorUnits, isCurrencyCode, toMinorUnits } from './money';

describe('money', () => {
  it('converts decimal text to minor units exactly, never through a float', () => {
    assert.equal(toMinorUnits('0.29', 'USD', 'a'), 29);
    assert.equal(toMinorUnits('100.1', 'USD', 'a'), 10010);
    assert.equal(toMinorUnits('999999999.99', 'USD', 'a'), 99999999999);
    assert.equal(toMinorUnits('500', 'JPY', 'a'), 500);
    assert.equal(toMinorUnits('1.5', 'BHD', 'a'), 1500);
  });

  it('formats minor units with the currency digits, at most 2', () => {
    assert.equal(formatMinorUnits(29, 'USD'), '0.29');
    assert.equal(formatMinorUnits(10010, 'USD'), '100.10');
    assert.equal(formatMinorUnits(500, 'JPY'), '500');
    assert.equal(formatMinorUnits(1500, 'BHD'), '1.50');
  });

  it('refuses more decimals than the currency has, with the field', () => {
    assert.throws(() => toMinorUnits('1.5', 'JPY', 'input.amount'), (e: DomainError) => e.code === 'BAD_USER_INPUT' && e.field === 'input.amount');
    assert.throws(() => toMinorUnits('1.001', 'BHD', 'x'), DomainError);
  });

  it('checks the shape of any amount', () => {
    assert.equal(amountShapeProblem('1.00'), null);
    assert.match(amountShapeProblem('1.001')!, /2 decimal/);
    assert.match(amountShapeProblem('-5')!, /greater than 0/);
    assert.match(amountShapeProblem('0')!, /greater than 0/);
    assert.match(amountShapeProblem('0.00')!, /greater than 0/);
    assert.match(amountShapeProblem('1000000000')!, /at most/);
    assert.match(amountShapeProblem('1e5')!, /decimal/);
  });

  it('knows active ISO 4217 codes and refuses non-money codes', () => {
    assert.equal(isCurrencyCode('USD'), true);
    assert.equal(isCurrencyCode('JPY'), true);
    assert.equal(isCurrencyCode('XYZ'), false);
    assert.equal(isCurrencyCode('XAU'), false);
    assert.equal(isCurrencyCode('usd'), false);
  });
});
