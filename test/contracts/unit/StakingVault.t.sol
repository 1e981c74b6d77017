// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {AosTestBase} from "../utils/AosTestBase.sol";
import {IStakingVault} from "../../../contracts/interfaces/IStakingVault.sol";
import {Payouts} from "../../../contracts/libraries/Payouts.sol";
import {KVFeeToken} from "../mocks/KVFeeToken.sol";
import {KVRejectingReceiver} from "../mocks/KVRejectingReceiver.sol";

/// @notice Unit and fuzz tests of StakingVault (and the Payouts IOUs it inherits): deposits,
/// unbonding, locks, slashes, vouches, parameters and pausing. Every scenario ends by checking
/// that the vault holds exactly what it owes: totalLiabilities + totalOwed == balance.
contract StakingVaultTest is AosTestBase {
    address internal constant NATIVE = address(0);
    uint40 internal constant DELAY = 7 days;
    uint40 internal constant MAX_DELAY = 90 days;
    uint128 internal constant MIN_STAKE = 0.01 ether;
    uint64 internal constant VOUCH_MIN = 0.8e18;
    uint64 internal constant WAD = 1e18;
    bytes32 internal constant REF = keccak256("task-1");
    /// @dev Successes (alpha 0.1, from zero) needed to pass the 0.8 task-completion threshold.
    uint256 internal constant VOUCH_ROUNDS = 16;

    address internal locker = makeAddr("locker");
    address internal voucher = makeAddr("voucher");
    address internal voucher2 = makeAddr("voucher2");
    address internal newcomer = makeAddr("newcomer");
    address internal juror = makeAddr("juror");

    KVFeeToken internal feeToken;
    KVRejectingReceiver internal rejecter;

    function setUp() public override {
        super.setUp();
        vm.prank(owner);
        vault.setLocker(locker, true);
        feeToken = new KVFeeToken(100); // 1% burned on every transfer
        rejecter = new KVRejectingReceiver(KVRejectingReceiver.Mode.Reject);
    }

    // ---------------------------------------------------------------- helpers

    function _assertSolvent() internal view {
        assertEq(
            address(vault).balance,
            vault.totalLiabilities(NATIVE) + vault.totalOwed(NATIVE),
            "native: liabilities + owed == balance"
        );
        assertEq(
            token.balanceOf(address(vault)),
            vault.totalLiabilities(address(token)) + vault.totalOwed(address(token)),
            "token: liabilities + owed == balance"
        );
        assertEq(
            feeToken.balanceOf(address(vault)),
            vault.totalLiabilities(address(feeToken)) + vault.totalOwed(address(feeToken)),
            "fee token: liabilities + owed == balance"
        );
    }

    function _free(address who, address asset) internal view returns (uint256) {
        return vault.balanceOf(who, asset).free;
    }

    function _locked(address who, address asset) internal view returns (uint256) {
        return vault.balanceOf(who, asset).locked;
    }

    function _lock(address who, address asset, uint256 amount) internal {
        vm.prank(locker);
        vault.lock(who, asset, amount, REF);
    }

    function _unlock(address who, address asset, uint256 amount) internal {
        vm.prank(locker);
        vault.unlock(who, asset, amount, REF);
    }

    function _slash(
        address who,
        address asset,
        uint256 amount,
        address[] memory to,
        uint256[] memory amounts
    ) internal {
        vm.prank(locker);
        vault.slash(who, asset, amount, to, amounts, REF);
    }

    function _request(address who, address asset, uint256 amount) internal {
        vm.prank(who);
        vault.requestWithdrawal(asset, amount);
    }

    function _one(address a) internal pure returns (address[] memory r) {
        r = new address[](1);
        r[0] = a;
    }

    function _two(address a, address b) internal pure returns (address[] memory r) {
        r = new address[](2);
        r[0] = a;
        r[1] = b;
    }

    function _three(address a, address b, address c) internal pure returns (address[] memory r) {
        r = new address[](3);
        r[0] = a;
        r[1] = b;
        r[2] = c;
    }

    function _one(uint256 a) internal pure returns (uint256[] memory r) {
        r = new uint256[](1);
        r[0] = a;
    }

    function _two(uint256 a, uint256 b) internal pure returns (uint256[] memory r) {
        r = new uint256[](2);
        r[0] = a;
        r[1] = b;
    }

    function _three(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory r) {
        r = new uint256[](3);
        r[0] = a;
        r[1] = b;
        r[2] = c;
    }

    /// @dev Gives `who` the task-completion karma to vouch and `stake` of free native stake.
    function _makeVoucher(address who, uint256 stake) internal {
        _raiseKarma(who, TASK_COMPLETION, VOUCH_ROUNDS);
        _stakeNative(who, stake);
    }

    function _vouch(address from, address to, uint96 bond) internal {
        vm.prank(from);
        vault.vouch(to, bond);
    }

    function _ema(uint256 current, uint256 outcome, uint256 rate) internal pure returns (uint64) {
        return uint64((current * (WAD - rate) + outcome * rate) / WAD);
    }

    function _setParameters(uint40 delay, uint128 minimum, uint16 dim, uint64 minKarma, address treasury_) internal {
        vm.prank(owner);
        vault.setParameters(delay, minimum, dim, minKarma, treasury_);
    }

    function _pause() internal {
        vm.prank(guardian);
        vault.pause();
    }

    function _vaultLogs(Vm.Log[] memory logs) internal view returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(vault)) ++n;
        }
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsDefaults() public view {
        assertEq(address(vault.karma()), address(karma));
        assertEq(vault.unbondingDelay(), DELAY);
        assertEq(vault.minimumStake(), MIN_STAKE);
        assertEq(vault.treasury(), treasury);
        assertEq(vault.owner(), owner);
        assertEq(vault.guardian(), guardian);
        assertFalse(vault.paused());
        assertTrue(vault.isLocker(address(escrow)));
        assertTrue(vault.isLocker(address(jury)));
        assertTrue(vault.isLocker(locker));
        assertFalse(vault.isLocker(stranger));
        assertEq(vault.totalLiabilities(NATIVE), 0);
        assertEq(vault.totalOwed(NATIVE), 0);
    }

    function test_constructor_vouchUsesTaskCompletionAtPointEight() public {
        _raiseKarma(voucher, TASK_COMPLETION, VOUCH_ROUNDS - 1);
        _stakeNative(voucher, 1 ether);
        uint64 k = karma.karmaOf(voucher, TASK_COMPLETION);
        assertLt(k, VOUCH_MIN);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultVoucherKarmaTooLow.selector, voucher, k, VOUCH_MIN)
        );
        _vouch(voucher, newcomer, 0.05 ether);
        _raiseKarma(voucher, TASK_COMPLETION, 1);
        _vouch(voucher, newcomer, 0.05 ether);
    }

    // ---------------------------------------------------------------- deposit

    function test_deposit_creditsFreeStakeAndEmits() public {
        vm.expectEmit(address(vault));
        emit IStakingVault.Deposited(agent, NATIVE, 1 ether);
        vm.prank(agent);
        vault.deposit{value: 1 ether}();

        assertEq(_free(agent, NATIVE), 1 ether);
        assertEq(_locked(agent, NATIVE), 0);
        assertEq(vault.standingOf(agent), 1 ether);
        assertEq(vault.totalLiabilities(NATIVE), 1 ether);
        assertEq(address(vault).balance, 1 ether);
        _assertSolvent();
    }

    function test_deposit_accumulatesPerAgent() public {
        _stakeNative(agent, 1 ether);
        _stakeNative(agent, 0.5 ether);
        _stakeNative(stranger, 2 ether);
        assertEq(_free(agent, NATIVE), 1.5 ether);
        assertEq(_free(stranger, NATIVE), 2 ether);
        assertEq(vault.totalLiabilities(NATIVE), 3.5 ether);
        _assertSolvent();
    }

    function test_deposit_revertsOnZeroValue() public {
        vm.expectRevert(IStakingVault.StakingVaultZeroAmount.selector);
        vm.prank(agent);
        vault.deposit{value: 0}();
    }

    function test_deposit_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(agent);
        vault.deposit{value: 1 ether}();
    }

    function test_deposit_worksAgainAfterOwnerUnpauses() public {
        _pause();
        vm.prank(owner);
        vault.unpause();
        _stakeNative(agent, 1 ether);
        assertEq(_free(agent, NATIVE), 1 ether);
    }

    function test_vault_rejectsPlainEtherTransfers() public {
        vm.prank(agent);
        (bool ok, ) = address(vault).call{value: 1 ether}("");
        assertFalse(ok);
        _assertSolvent();
    }

    function testFuzz_deposit_creditsExactValue(uint96 amount) public {
        amount = uint96(bound(amount, 1, type(uint96).max));
        _stakeNative(agent, amount);
        assertEq(_free(agent, NATIVE), amount);
        assertEq(vault.totalLiabilities(NATIVE), amount);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- depositToken

    function test_depositToken_pullsTokensAndCredits() public {
        uint256 before = token.balanceOf(agent);
        vm.startPrank(agent);
        token.approve(address(vault), 100e18);
        vm.expectEmit(address(vault));
        emit IStakingVault.Deposited(agent, address(token), 100e18);
        vault.depositToken(address(token), 100e18);
        vm.stopPrank();

        assertEq(token.balanceOf(agent), before - 100e18);
        assertEq(token.balanceOf(address(vault)), 100e18);
        assertEq(_free(agent, address(token)), 100e18);
        assertEq(vault.totalLiabilities(address(token)), 100e18);
        assertEq(vault.standingOf(agent), 0, "token stake is not standing");
        _assertSolvent();
    }

    function test_depositToken_revertsOnNativeAsset() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultWrongAsset.selector, NATIVE));
        vm.prank(agent);
        vault.depositToken(NATIVE, 1 ether);
    }

    function test_depositToken_revertsOnZeroAmount() public {
        vm.expectRevert(IStakingVault.StakingVaultZeroAmount.selector);
        vm.prank(agent);
        vault.depositToken(address(token), 0);
    }

    function test_depositToken_revertsWhenPaused() public {
        vm.prank(agent);
        token.approve(address(vault), 1e18);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(agent);
        vault.depositToken(address(token), 1e18);
    }

    function test_depositToken_revertsWithoutAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(vault), 0, 1e18)
        );
        vm.prank(agent);
        vault.depositToken(address(token), 1e18);
    }

    function test_depositToken_feeOnTransferCreditsWhatArrived() public {
        feeToken.mint(agent, 100e18);
        vm.startPrank(agent);
        feeToken.approve(address(vault), 100e18);
        vm.expectEmit(address(vault));
        emit IStakingVault.Deposited(agent, address(feeToken), 99e18);
        vault.depositToken(address(feeToken), 100e18);
        vm.stopPrank();

        assertEq(feeToken.balanceOf(address(vault)), 99e18);
        assertEq(_free(agent, address(feeToken)), 99e18);
        assertEq(vault.totalLiabilities(address(feeToken)), 99e18);
        _assertSolvent();
    }

    function test_depositToken_revertsWhenNothingArrives() public {
        feeToken.setFeeBps(10_000);
        feeToken.mint(agent, 1e18);
        vm.startPrank(agent);
        feeToken.approve(address(vault), 1e18);
        vm.expectRevert(IStakingVault.StakingVaultZeroAmount.selector);
        vault.depositToken(address(feeToken), 1e18);
        vm.stopPrank();
    }

    function test_depositToken_revertsAboveUint128() public {
        uint256 huge = uint256(type(uint128).max) + 1;
        token.mint(stranger, huge);
        vm.startPrank(stranger);
        token.approve(address(vault), huge);
        vm.expectRevert(IStakingVault.StakingVaultInvalidParameter.selector);
        vault.depositToken(address(token), huge);
        vm.stopPrank();
    }

    function testFuzz_depositToken_feeOnTransferCreditsWhatArrived(uint128 amount, uint16 feeBps) public {
        feeBps = uint16(bound(feeBps, 0, 9_999));
        amount = uint128(bound(amount, 1, type(uint128).max / 2));
        uint256 expected = amount - (uint256(amount) * feeBps) / 10_000;
        feeToken.setFeeBps(feeBps);
        feeToken.mint(agent, amount);
        vm.startPrank(agent);
        feeToken.approve(address(vault), amount);
        vault.depositToken(address(feeToken), amount);
        vm.stopPrank();
        assertEq(_free(agent, address(feeToken)), expected);
        assertEq(vault.totalLiabilities(address(feeToken)), expected);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- requestWithdrawal

    function test_requestWithdrawal_movesFreeStakeToUnbonding() public {
        _stakeNative(agent, 1 ether);
        uint40 readyAt = uint40(block.timestamp) + DELAY;
        vm.expectEmit(address(vault));
        emit IStakingVault.WithdrawalRequested(agent, NATIVE, 0.4 ether, readyAt);
        _request(agent, NATIVE, 0.4 ether);

        assertEq(_free(agent, NATIVE), 0.6 ether);
        IStakingVault.PendingWithdrawal memory p = vault.pendingWithdrawal(agent, NATIVE);
        assertEq(p.amount, 0.4 ether);
        assertEq(p.readyAt, readyAt);
        assertEq(vault.standingOf(agent), 0.6 ether, "unbonding stake is not standing");
        assertEq(vault.totalLiabilities(NATIVE), 1 ether, "still owed while unbonding");
        _assertSolvent();
    }

    function test_requestWithdrawal_revertsOnZeroAmount() public {
        _stakeNative(agent, 1 ether);
        vm.expectRevert(IStakingVault.StakingVaultZeroAmount.selector);
        _request(agent, NATIVE, 0);
    }

    function test_requestWithdrawal_revertsAboveFreeStake() public {
        _stakeNative(agent, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingVaultInsufficientFree.selector,
                agent,
                NATIVE,
                1 ether,
                1 ether + 1
            )
        );
        _request(agent, NATIVE, 1 ether + 1);
    }

    function test_requestWithdrawal_cannotTouchLockedStake() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.6 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingVaultInsufficientFree.selector,
                agent,
                NATIVE,
                0.4 ether,
                0.5 ether
            )
        );
        _request(agent, NATIVE, 0.5 ether);
    }

    function test_requestWithdrawal_addsToPendingAndRestartsTheDelay() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 0.3 ether);
        vm.warp(block.timestamp + 3 days);
        _request(agent, NATIVE, 0.2 ether);
        IStakingVault.PendingWithdrawal memory p = vault.pendingWithdrawal(agent, NATIVE);
        assertEq(p.amount, 0.5 ether);
        assertEq(p.readyAt, uint40(block.timestamp) + DELAY);
        _assertSolvent();
    }

    function test_requestWithdrawal_tokenStake() public {
        _stakeToken(agent, 50e18);
        _request(agent, address(token), 20e18);
        assertEq(_free(agent, address(token)), 30e18);
        assertEq(vault.pendingWithdrawal(agent, address(token)).amount, 20e18);
        assertEq(vault.pendingWithdrawal(agent, NATIVE).amount, 0);
    }

    function test_requestWithdrawal_worksWhilePaused() public {
        _stakeNative(agent, 1 ether);
        _pause();
        _request(agent, NATIVE, 1 ether);
        assertEq(vault.pendingWithdrawal(agent, NATIVE).amount, 1 ether);
    }

    // ---------------------------------------------------------------- cancelWithdrawal

    function test_cancelWithdrawal_returnsUnbondingStakeToFree() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 0.4 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.WithdrawalCancelled(agent, NATIVE, 0.4 ether);
        vm.prank(agent);
        vault.cancelWithdrawal(NATIVE);

        assertEq(_free(agent, NATIVE), 1 ether);
        IStakingVault.PendingWithdrawal memory p = vault.pendingWithdrawal(agent, NATIVE);
        assertEq(p.amount, 0);
        assertEq(p.readyAt, 0);
        assertEq(vault.standingOf(agent), 1 ether);
        _assertSolvent();
    }

    function test_cancelWithdrawal_revertsWhenNothingPending() public {
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultWithdrawalNotReady.selector, agent, NATIVE, 0)
        );
        vm.prank(agent);
        vault.cancelWithdrawal(NATIVE);
    }

    function test_cancelWithdrawal_worksWhilePaused() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 1 ether);
        _pause();
        vm.prank(agent);
        vault.cancelWithdrawal(NATIVE);
        assertEq(_free(agent, NATIVE), 1 ether);
    }

    // ---------------------------------------------------------------- withdraw

    function test_withdraw_revertsBeforeTheDelayWithReadyAt() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 0.4 ether);
        uint40 readyAt = uint40(block.timestamp) + DELAY;
        vm.warp(readyAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultWithdrawalNotReady.selector, agent, NATIVE, readyAt)
        );
        vm.prank(agent);
        vault.withdraw(NATIVE);
    }

    function test_withdraw_sendsEtherOnceTheDelayHasPassed() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 0.4 ether);
        vm.warp(block.timestamp + DELAY);
        uint256 before = agent.balance;
        vm.expectEmit(address(vault));
        emit IStakingVault.Withdrawn(agent, NATIVE, 0.4 ether);
        vm.prank(agent);
        vault.withdraw(NATIVE);

        assertEq(agent.balance, before + 0.4 ether);
        assertEq(vault.pendingWithdrawal(agent, NATIVE).amount, 0);
        assertEq(_free(agent, NATIVE), 0.6 ether);
        assertEq(vault.totalLiabilities(NATIVE), 0.6 ether);
        assertEq(address(vault).balance, 0.6 ether);
        _assertSolvent();
    }

    function test_withdraw_revertsWhenNothingPending() public {
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultWithdrawalNotReady.selector, agent, NATIVE, 0)
        );
        vm.prank(agent);
        vault.withdraw(NATIVE);
    }

    function test_withdraw_cannotBeRepeated() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 1 ether);
        vm.warp(block.timestamp + DELAY);
        vm.prank(agent);
        vault.withdraw(NATIVE);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultWithdrawalNotReady.selector, agent, NATIVE, 0)
        );
        vm.prank(agent);
        vault.withdraw(NATIVE);
        _assertSolvent();
    }

    function test_withdraw_sendsTokens() public {
        _stakeToken(agent, 50e18);
        _request(agent, address(token), 20e18);
        vm.warp(block.timestamp + DELAY);
        uint256 before = token.balanceOf(agent);
        vm.expectEmit(address(vault));
        emit IStakingVault.Withdrawn(agent, address(token), 20e18);
        vm.prank(agent);
        vault.withdraw(address(token));
        assertEq(token.balanceOf(agent), before + 20e18);
        assertEq(vault.totalLiabilities(address(token)), 30e18);
        _assertSolvent();
    }

    function test_withdraw_feeTokenSendsTheFullPendingAmount() public {
        feeToken.mint(agent, 100e18);
        vm.startPrank(agent);
        feeToken.approve(address(vault), 100e18);
        vault.depositToken(address(feeToken), 100e18); // 99 credited
        vault.requestWithdrawal(address(feeToken), 99e18);
        vm.warp(block.timestamp + DELAY);
        vault.withdraw(address(feeToken));
        vm.stopPrank();
        assertEq(feeToken.balanceOf(address(vault)), 0);
        assertEq(feeToken.balanceOf(agent), 99e18 - 0.99e18);
        assertEq(vault.totalLiabilities(address(feeToken)), 0);
        _assertSolvent();
    }

    function test_withdraw_worksWhilePaused() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 1 ether);
        _pause();
        vm.warp(block.timestamp + DELAY);
        vm.prank(agent);
        vault.withdraw(NATIVE);
        assertEq(vault.totalLiabilities(NATIVE), 0);
        _assertSolvent();
    }

    function test_withdraw_keepsTheReadyTimeSetAtRequest() public {
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 1 ether);
        uint40 readyAt = uint40(block.timestamp) + DELAY;
        _setParameters(1 days, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, treasury);
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultWithdrawalNotReady.selector, agent, NATIVE, readyAt)
        );
        vm.prank(agent);
        vault.withdraw(NATIVE);
    }

    function test_withdraw_revertsWhenReceiverRejectsEther() public {
        vm.deal(address(rejecter), 1 ether);
        rejecter.execute(address(vault), 1 ether, abi.encodeCall(IStakingVault.deposit, ()));
        rejecter.execute(address(vault), 0, abi.encodeCall(IStakingVault.requestWithdrawal, (NATIVE, 1 ether)));
        vm.warp(block.timestamp + DELAY);

        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultTransferFailed.selector, address(rejecter), 1 ether)
        );
        rejecter.execute(address(vault), 0, abi.encodeCall(IStakingVault.withdraw, (NATIVE)));
        assertEq(vault.pendingWithdrawal(address(rejecter), NATIVE).amount, 1 ether, "nothing lost");
        _assertSolvent();

        rejecter.setMode(KVRejectingReceiver.Mode.Accept);
        rejecter.execute(address(vault), 0, abi.encodeCall(IStakingVault.withdraw, (NATIVE)));
        assertEq(address(rejecter).balance, 1 ether);
        _assertSolvent();
    }

    function testFuzz_withdraw_readyExactlyAfterTheDelay(uint40 delay, uint96 amount, uint40 early) public {
        delay = uint40(bound(delay, 1, MAX_DELAY));
        amount = uint96(bound(amount, 1, 1000 ether));
        early = uint40(bound(early, 1, delay));
        _setParameters(delay, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, treasury);
        _stakeNative(agent, amount);
        _request(agent, NATIVE, amount);
        uint40 readyAt = uint40(block.timestamp) + delay;

        vm.warp(readyAt - early);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultWithdrawalNotReady.selector, agent, NATIVE, readyAt)
        );
        vm.prank(agent);
        vault.withdraw(NATIVE);

        vm.warp(readyAt);
        vm.prank(agent);
        vault.withdraw(NATIVE);
        assertEq(vault.totalLiabilities(NATIVE), 0);
        _assertSolvent();
    }

    function test_withdraw_zeroDelayAllowsImmediateExit() public {
        _setParameters(0, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, treasury);
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 1 ether);
        vm.prank(agent);
        vault.withdraw(NATIVE);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- lock

    function test_lock_revertsForNonLocker() public {
        _stakeNative(agent, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNotLocker.selector, stranger));
        vm.prank(stranger);
        vault.lock(agent, NATIVE, 0.1 ether, REF);
    }

    function test_lock_revertsForOwner() public {
        _stakeNative(agent, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNotLocker.selector, owner));
        vm.prank(owner);
        vault.lock(agent, NATIVE, 0.1 ether, REF);
    }

    function test_lock_revertsWhenStandingBelowMinimum() public {
        _stakeNative(agent, 0.005 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, agent, 0.005 ether, MIN_STAKE)
        );
        _lock(agent, NATIVE, 0.001 ether);
    }

    function test_lock_revertsForIdentityWithoutStake() public {
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, newcomer, 0, MIN_STAKE)
        );
        _lock(newcomer, NATIVE, 0);
    }

    function test_lock_acceptsStandingExactlyAtMinimum() public {
        _stakeNative(agent, MIN_STAKE);
        _lock(agent, NATIVE, MIN_STAKE);
        assertEq(_locked(agent, NATIVE), MIN_STAKE);
    }

    function test_lock_movesFreeStakeToLockedAndEmits() public {
        _stakeNative(agent, 1 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.StakeLocked(agent, NATIVE, 0.1 ether, REF);
        _lock(agent, NATIVE, 0.1 ether);

        assertEq(_free(agent, NATIVE), 0.9 ether);
        assertEq(_locked(agent, NATIVE), 0.1 ether);
        assertEq(vault.standingOf(agent), 1 ether, "locked stake is standing");
        assertEq(vault.totalLiabilities(NATIVE), 1 ether);
        _assertSolvent();
    }

    function test_lock_revertsAboveFreeStake() public {
        _stakeNative(agent, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultInsufficientFree.selector, agent, NATIVE, 1 ether, 2 ether)
        );
        _lock(agent, NATIVE, 2 ether);
    }

    function test_lock_zeroAmountChecksStandingOnly() public {
        _stakeNative(agent, 1 ether);
        vm.recordLogs();
        _lock(agent, NATIVE, 0);
        assertEq(_vaultLogs(vm.getRecordedLogs()), 0);
        assertEq(_free(agent, NATIVE), 1 ether);
        assertEq(_locked(agent, NATIVE), 0);
    }

    function test_lock_lockedStakeKeepsCountingTowardStanding() public {
        _stakeNative(agent, MIN_STAKE);
        _lock(agent, NATIVE, MIN_STAKE);
        _lock(agent, NATIVE, 0);
        assertEq(vault.standingOf(agent), MIN_STAKE);
    }

    function test_lock_unbondingStakeDoesNotCountTowardStanding() public {
        _stakeNative(agent, MIN_STAKE);
        _request(agent, NATIVE, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, agent, 0, MIN_STAKE));
        _lock(agent, NATIVE, 0);
    }

    function test_lock_tokenStakeNeedsNativeStanding() public {
        _stakeToken(agent, 100e18);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, agent, 0, MIN_STAKE));
        _lock(agent, address(token), 10e18);

        _stakeNative(agent, MIN_STAKE);
        vm.expectEmit(address(vault));
        emit IStakingVault.StakeLocked(agent, address(token), 10e18, REF);
        _lock(agent, address(token), 10e18);
        assertEq(_locked(agent, address(token)), 10e18);
        assertEq(_free(agent, address(token)), 90e18);
        assertEq(_free(agent, NATIVE), MIN_STAKE, "native stake untouched");
        _assertSolvent();
    }

    function test_lock_tokenRevertsAboveFreeTokenStake() public {
        _stakeNative(agent, MIN_STAKE);
        _stakeToken(agent, 5e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingVaultInsufficientFree.selector,
                agent,
                address(token),
                5e18,
                6e18
            )
        );
        _lock(agent, address(token), 6e18);
    }

    function test_lock_zeroMinimumLetsAnyIdentityLockNothing() public {
        _setParameters(DELAY, 0, TASK_COMPLETION, VOUCH_MIN, treasury);
        _lock(newcomer, NATIVE, 0);
    }

    function test_lock_newMinimumAppliesToTheNextLock() public {
        _stakeNative(agent, 0.5 ether);
        _lock(agent, NATIVE, 0.1 ether);
        _setParameters(DELAY, 1 ether, TASK_COMPLETION, VOUCH_MIN, treasury);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, agent, 0.5 ether, 1 ether)
        );
        _lock(agent, NATIVE, 0.1 ether);
    }

    function testFuzz_lock_requiresStandingAtLeastMinimum(uint128 staked, uint128 minimum) public {
        staked = uint128(bound(staked, 1, 100 ether));
        minimum = uint128(bound(minimum, 0, 100 ether));
        _setParameters(DELAY, minimum, TASK_COMPLETION, VOUCH_MIN, treasury);
        _stakeNative(agent, staked);
        if (staked < minimum) {
            vm.expectRevert(
                abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, agent, staked, minimum)
            );
        }
        _lock(agent, NATIVE, staked);
        if (staked >= minimum) assertEq(_locked(agent, NATIVE), staked);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- unlock

    function test_unlock_revertsForNonLocker() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNotLocker.selector, stranger));
        vm.prank(stranger);
        vault.unlock(agent, NATIVE, 0.1 ether, REF);
    }

    function test_unlock_revertsAboveLockedStake() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingVaultInsufficientLocked.selector,
                agent,
                NATIVE,
                0.1 ether,
                0.2 ether
            )
        );
        _unlock(agent, NATIVE, 0.2 ether);
    }

    function test_unlock_movesLockedStakeToFreeAndEmits() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.3 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.StakeUnlocked(agent, NATIVE, 0.2 ether, REF);
        _unlock(agent, NATIVE, 0.2 ether);
        assertEq(_free(agent, NATIVE), 0.9 ether);
        assertEq(_locked(agent, NATIVE), 0.1 ether);
        _assertSolvent();
    }

    function test_unlock_zeroAmountIsANoOp() public {
        vm.recordLogs();
        _unlock(newcomer, NATIVE, 0);
        assertEq(_vaultLogs(vm.getRecordedLogs()), 0);
    }

    function test_unlock_worksWhilePaused() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.3 ether);
        _pause();
        _unlock(agent, NATIVE, 0.3 ether);
        assertEq(_free(agent, NATIVE), 1 ether);
    }

    function test_unlock_tokenStake() public {
        _stakeNative(agent, MIN_STAKE);
        _stakeToken(agent, 10e18);
        _lock(agent, address(token), 10e18);
        _unlock(agent, address(token), 4e18);
        assertEq(_free(agent, address(token)), 4e18);
        assertEq(_locked(agent, address(token)), 6e18);
    }

    // ---------------------------------------------------------------- slash

    function test_slash_revertsForNonLocker() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNotLocker.selector, stranger));
        vm.prank(stranger);
        vault.slash(agent, NATIVE, 0, new address[](0), new uint256[](0), REF);
    }

    function test_slash_revertsAboveLockedStake() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingVaultInsufficientLocked.selector,
                agent,
                NATIVE,
                0.1 ether,
                0.2 ether
            )
        );
        _slash(agent, NATIVE, 0.2 ether, _one(requester), _one(0.2 ether));
    }

    function test_slash_revertsWhenPayoutsSumBelowAmount() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultSlashMismatch.selector, 0.1 ether, 0.09 ether)
        );
        _slash(agent, NATIVE, 0.1 ether, _two(requester, treasury), _two(0.08 ether, 0.01 ether));
    }

    function test_slash_revertsWhenPayoutsSumAboveAmount() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultSlashMismatch.selector, 0.05 ether, 0.1 ether)
        );
        _slash(agent, NATIVE, 0.05 ether, _one(requester), _one(0.1 ether));
    }

    function test_slash_revertsWhenArrayLengthsDiffer() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultSlashMismatch.selector, 0.1 ether, 0.1 ether));
        _slash(agent, NATIVE, 0.1 ether, _two(requester, treasury), _one(0.1 ether));
    }

    function test_slash_paysRecipientsAndEmits() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;

        vm.expectEmit(address(vault));
        emit IStakingVault.StakeSlashed(agent, NATIVE, 0.1 ether, REF);
        _slash(
            agent,
            NATIVE,
            0.1 ether,
            _three(requester, juror, treasury),
            _three(0.07 ether, 0.02 ether, 0.01 ether)
        );

        assertEq(requester.balance, requesterBefore + 0.07 ether);
        assertEq(juror.balance, 0.02 ether);
        assertEq(treasury.balance, treasuryBefore + 0.01 ether);
        assertEq(_locked(agent, NATIVE), 0);
        assertEq(_free(agent, NATIVE), 0.9 ether);
        assertEq(vault.standingOf(agent), 0.9 ether);
        assertEq(vault.totalLiabilities(NATIVE), 0.9 ether);
        assertEq(vault.totalOwed(NATIVE), 0);
        _assertSolvent();
    }

    function test_slash_partialLeavesTheRestLocked() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.5 ether);
        _slash(agent, NATIVE, 0.2 ether, _one(requester), _one(0.2 ether));
        assertEq(_locked(agent, NATIVE), 0.3 ether);
        assertEq(_free(agent, NATIVE), 0.5 ether);
        _assertSolvent();
    }

    function test_slash_paysTokenRecipients() public {
        _stakeNative(agent, MIN_STAKE);
        _stakeToken(agent, 10e18);
        _lock(agent, address(token), 10e18);
        uint256 requesterBefore = token.balanceOf(requester);
        vm.expectEmit(address(vault));
        emit IStakingVault.StakeSlashed(agent, address(token), 6e18, REF);
        _slash(agent, address(token), 6e18, _two(requester, juror), _two(5e18, 1e18));
        assertEq(token.balanceOf(requester), requesterBefore + 5e18);
        assertEq(token.balanceOf(juror), 1e18);
        assertEq(_locked(agent, address(token)), 4e18);
        assertEq(vault.totalLiabilities(address(token)), 4e18);
        assertEq(vault.totalLiabilities(NATIVE), MIN_STAKE, "native stake untouched");
        _assertSolvent();
    }

    function test_slash_zeroAmountEntriesAreSkipped() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        vm.recordLogs();
        _slash(agent, NATIVE, 0.1 ether, _two(requester, address(rejecter)), _two(0.1 ether, 0));
        assertEq(_vaultLogs(vm.getRecordedLogs()), 1, "only StakeSlashed: no PayoutDeferred for 0");
        assertEq(vault.owed(address(rejecter), NATIVE), 0);
        _assertSolvent();
    }

    function test_slash_worksWhilePaused() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        _pause();
        _slash(agent, NATIVE, 0.1 ether, _one(requester), _one(0.1 ether));
        assertEq(_locked(agent, NATIVE), 0);
        _assertSolvent();
    }

    function test_slash_toReceiverRejectingEtherBecomesWithdrawableIou() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        vm.expectEmit(address(vault));
        emit Payouts.PayoutDeferred(address(rejecter), NATIVE, 0.06 ether);
        _slash(agent, NATIVE, 0.1 ether, _two(address(rejecter), requester), _two(0.06 ether, 0.04 ether));

        assertEq(address(rejecter).balance, 0);
        assertEq(vault.owed(address(rejecter), NATIVE), 0.06 ether);
        assertEq(vault.totalOwed(NATIVE), 0.06 ether);
        assertEq(vault.totalLiabilities(NATIVE), 0.9 ether);
        _assertSolvent();

        // While it still rejects, pulling fails and nothing is lost.
        vm.expectRevert(
            abi.encodeWithSelector(Payouts.PayoutsWithdrawFailed.selector, address(rejecter), NATIVE, 0.06 ether)
        );
        rejecter.execute(address(vault), 0, abi.encodeCall(Payouts.withdrawOwed, (NATIVE)));
        assertEq(vault.owed(address(rejecter), NATIVE), 0.06 ether);

        rejecter.setMode(KVRejectingReceiver.Mode.Accept);
        vm.expectEmit(address(vault));
        emit Payouts.OwedWithdrawn(address(rejecter), NATIVE, 0.06 ether);
        rejecter.execute(address(vault), 0, abi.encodeCall(Payouts.withdrawOwed, (NATIVE)));
        assertEq(address(rejecter).balance, 0.06 ether);
        assertEq(vault.owed(address(rejecter), NATIVE), 0);
        assertEq(vault.totalOwed(NATIVE), 0);
        _assertSolvent();
    }

    function test_slash_toReceiverNeedingMoreGasBecomesIouPulledWithFullGas() public {
        rejecter.setMode(KVRejectingReceiver.Mode.NeedsGas);
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        _slash(agent, NATIVE, 0.1 ether, _one(address(rejecter)), _one(0.1 ether));
        assertEq(vault.owed(address(rejecter), NATIVE), 0.1 ether);
        _assertSolvent();
        rejecter.execute(address(vault), 0, abi.encodeCall(Payouts.withdrawOwed, (NATIVE)));
        assertEq(address(rejecter).balance, 0.1 ether);
        _assertSolvent();
    }

    function test_slash_toBlockedTokenReceiverBecomesIou() public {
        feeToken.setFeeBps(0);
        feeToken.mint(agent, 10e18);
        _stakeNative(agent, MIN_STAKE);
        vm.startPrank(agent);
        feeToken.approve(address(vault), 10e18);
        vault.depositToken(address(feeToken), 10e18);
        vm.stopPrank();
        _lock(agent, address(feeToken), 10e18);
        feeToken.setBlocked(juror, true);

        vm.expectEmit(address(vault));
        emit Payouts.PayoutDeferred(juror, address(feeToken), 3e18);
        _slash(agent, address(feeToken), 10e18, _two(requester, juror), _two(7e18, 3e18));
        assertEq(feeToken.balanceOf(requester), 7e18);
        assertEq(vault.owed(juror, address(feeToken)), 3e18);
        assertEq(vault.totalOwed(address(feeToken)), 3e18);
        _assertSolvent();

        feeToken.setBlocked(juror, false);
        vm.prank(juror);
        vault.withdrawOwed(address(feeToken));
        assertEq(feeToken.balanceOf(juror), 3e18);
        assertEq(vault.totalOwed(address(feeToken)), 0);
        _assertSolvent();
    }

    function test_withdrawOwed_revertsWhenNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(Payouts.PayoutsNothingOwed.selector, stranger, NATIVE));
        vm.prank(stranger);
        vault.withdrawOwed(NATIVE);
    }

    function test_withdrawOwed_worksWhilePaused() public {
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        _slash(agent, NATIVE, 0.1 ether, _one(address(rejecter)), _one(0.1 ether));
        _pause();
        rejecter.setMode(KVRejectingReceiver.Mode.Accept);
        rejecter.execute(address(vault), 0, abi.encodeCall(Payouts.withdrawOwed, (NATIVE)));
        assertEq(address(rejecter).balance, 0.1 ether);
        _assertSolvent();
    }

    function testFuzz_slash_payoutsMustSumToTheAmount(uint96 lockedAmount, uint96 a, uint96 b, uint96 c) public {
        lockedAmount = uint96(bound(lockedAmount, 1, 100 ether));
        a = uint96(bound(a, 0, lockedAmount));
        b = uint96(bound(b, 0, lockedAmount - a));
        c = uint96(bound(c, 0, 100 ether));
        uint256 amount = uint256(a) + b;
        _stakeNative(agent, lockedAmount > MIN_STAKE ? lockedAmount : MIN_STAKE);
        _lock(agent, NATIVE, lockedAmount);

        address[] memory to = _three(requester, address(rejecter), treasury);
        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;
        if (c != 0) {
            // Any payout list that does not add up is refused.
            vm.expectRevert(
                abi.encodeWithSelector(IStakingVault.StakingVaultSlashMismatch.selector, amount, amount + c)
            );
            _slash(agent, NATIVE, amount, to, _three(a, b, c));
        }
        _slash(agent, NATIVE, amount, to, _three(a, b, 0));
        assertEq(requester.balance, requesterBefore + a);
        assertEq(treasury.balance, treasuryBefore);
        assertEq(vault.owed(address(rejecter), NATIVE), b);
        assertEq(_locked(agent, NATIVE), lockedAmount - amount);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- vouch

    function test_vouch_bondsFreeStakeBehindTheNewcomer() public {
        _makeVoucher(voucher, 1 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Vouched(voucher, newcomer, 0.05 ether);
        _vouch(voucher, newcomer, 0.05 ether);

        IStakingVault.Vouch memory v = vault.vouchOf(newcomer);
        assertEq(v.voucher, voucher);
        assertEq(v.bond, 0.05 ether);
        assertEq(v.releaseAt, 0);
        assertEq(_free(voucher, NATIVE), 0.95 ether);
        assertEq(vault.standingOf(voucher), 0.95 ether);
        assertEq(vault.standingOf(newcomer), 0.05 ether);
        assertEq(vault.totalLiabilities(NATIVE), 1 ether, "the bond is still owed");
        _assertSolvent();
    }

    function test_vouch_revertsWhenVoucherKarmaTooLow() public {
        uint64 expected;
        for (uint256 i; i < VOUCH_ROUNDS - 1; ++i) {
            expected = _ema(expected, WAD, 0.1e18);
        }
        _raiseKarma(voucher, TASK_COMPLETION, VOUCH_ROUNDS - 1);
        _stakeNative(voucher, 1 ether);
        assertEq(karma.karmaOf(voucher, TASK_COMPLETION), expected);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultVoucherKarmaTooLow.selector, voucher, expected, VOUCH_MIN)
        );
        _vouch(voucher, newcomer, 0.05 ether);
    }

    function test_vouch_revertsForIdentityWithoutKarma() public {
        _stakeNative(stranger, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultVoucherKarmaTooLow.selector, stranger, 0, VOUCH_MIN)
        );
        _vouch(stranger, newcomer, 0.05 ether);
    }

    function test_vouch_usesDecayedKarma() public {
        _makeVoucher(voucher, 1 ether);
        vm.warp(block.timestamp + 30 days);
        uint64 decayed = karma.karmaOf(voucher, TASK_COMPLETION);
        assertLt(decayed, VOUCH_MIN);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultVoucherKarmaTooLow.selector, voucher, decayed, VOUCH_MIN)
        );
        _vouch(voucher, newcomer, 0.05 ether);
    }

    function test_vouch_acceptsKarmaExactlyAtTheMinimum() public {
        _raiseKarma(voucher, TASK_COMPLETION, 3);
        uint64 k = karma.karmaOf(voucher, TASK_COMPLETION);
        _setParameters(DELAY, MIN_STAKE, TASK_COMPLETION, k, treasury);
        _stakeNative(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        assertEq(vault.vouchOf(newcomer).voucher, voucher);
    }

    function test_vouch_usesTheConfiguredDimension() public {
        _setParameters(DELAY, MIN_STAKE, codeReview, 0.5e18, treasury);
        _makeVoucher(voucher, 1 ether); // high task completion, no code review karma
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultVoucherKarmaTooLow.selector, voucher, 0, 0.5e18)
        );
        _vouch(voucher, newcomer, 0.05 ether);
        _raiseKarma(voucher, codeReview, 7); // 0.52
        _vouch(voucher, newcomer, 0.05 ether);
    }

    function test_vouch_revertsOnZeroBond() public {
        _makeVoucher(voucher, 1 ether);
        vm.expectRevert(IStakingVault.StakingVaultZeroAmount.selector);
        _vouch(voucher, newcomer, 0);
    }

    function test_vouch_revertsOnSelfVouch() public {
        _makeVoucher(voucher, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultInvalidVouch.selector, voucher, voucher));
        _vouch(voucher, voucher, 0.05 ether);
    }

    function test_vouch_revertsForZeroAddressNewcomer() public {
        _makeVoucher(voucher, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultInvalidVouch.selector, voucher, address(0)));
        _vouch(voucher, address(0), 0.05 ether);
    }

    function test_vouch_revertsWhenNewcomerAlreadyHasAVoucher() public {
        _makeVoucher(voucher, 1 ether);
        _makeVoucher(voucher2, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultInvalidVouch.selector, voucher2, newcomer));
        _vouch(voucher2, newcomer, 0.05 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultInvalidVouch.selector, voucher, newcomer));
        _vouch(voucher, newcomer, 0.01 ether);
    }

    function test_vouch_revertsAboveFreeStake() public {
        _makeVoucher(voucher, 1 ether);
        _lock(voucher, NATIVE, 0.5 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingVaultInsufficientFree.selector,
                voucher,
                NATIVE,
                0.5 ether,
                0.6 ether
            )
        );
        _vouch(voucher, newcomer, 0.6 ether);
    }

    function test_vouch_revertsWhenPaused() public {
        _makeVoucher(voucher, 1 ether);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _vouch(voucher, newcomer, 0.05 ether);
    }

    function test_vouch_oneVoucherCanBackSeveralNewcomers() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _vouch(voucher, stranger, 0.05 ether);
        assertEq(_free(voucher, NATIVE), 0.9 ether);
        assertEq(vault.standingOf(stranger), 0.05 ether);
        _assertSolvent();
    }

    function test_vouch_bondCountsTowardTheNewcomersStanding() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, uint96(MIN_STAKE));
        // No own stake at all: the bond alone meets the minimum.
        _lock(newcomer, NATIVE, 0);
        // With own stake below the minimum, own stake plus bond is what counts.
        _stakeNative(newcomer, 0.004 ether);
        _lock(newcomer, NATIVE, 0.004 ether);
        assertEq(_locked(newcomer, NATIVE), 0.004 ether);
        assertEq(vault.standingOf(newcomer), 0.014 ether);
    }

    function test_vouch_bondBelowMinimumReportsCombinedStanding() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.004 ether);
        _stakeNative(newcomer, 0.003 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, newcomer, 0.007 ether, MIN_STAKE)
        );
        _lock(newcomer, NATIVE, 0.001 ether);
    }

    function test_vouch_bondIsNotLockableByTheNewcomer() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultInsufficientFree.selector, newcomer, NATIVE, 0, 0.01 ether)
        );
        _lock(newcomer, NATIVE, 0.01 ether);
    }

    // ---------------------------------------------------------------- vouch release

    function test_startVouchRelease_setsReleaseTimeAndEmits() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        uint40 releaseAt = uint40(block.timestamp) + DELAY;
        vm.expectEmit(address(vault));
        emit IStakingVault.VouchReleaseStarted(voucher, newcomer, releaseAt);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);

        assertEq(vault.vouchOf(newcomer).releaseAt, releaseAt);
        assertEq(vault.vouchOf(newcomer).bond, 0.05 ether);
        assertEq(vault.standingOf(newcomer), 0, "a releasing bond is not standing");
        _assertSolvent();
    }

    function test_startVouchRelease_newcomerCanNoLongerLockOnTheBond() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, newcomer, 0, MIN_STAKE)
        );
        _lock(newcomer, NATIVE, 0);
    }

    function test_startVouchRelease_revertsForAnotherCaller() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, stranger, newcomer));
        vm.prank(stranger);
        vault.startVouchRelease(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, newcomer, newcomer));
        vm.prank(newcomer);
        vault.startVouchRelease(newcomer);
    }

    function test_startVouchRelease_revertsWithoutAVouch() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, voucher, newcomer));
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
    }

    function test_startVouchRelease_revertsWhenAlreadyReleasing() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, voucher, newcomer));
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
    }

    function test_startVouchRelease_worksWhilePaused() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _pause();
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        assertGt(vault.vouchOf(newcomer).releaseAt, 0);
    }

    function test_completeVouchRelease_revertsBeforeTheDelay() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.warp(block.timestamp + DELAY - 1);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, voucher, newcomer));
        vault.completeVouchRelease(newcomer);
    }

    function test_completeVouchRelease_revertsWhenReleaseNotStarted() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.warp(block.timestamp + 365 days);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, voucher, newcomer));
        vm.prank(voucher);
        vault.completeVouchRelease(newcomer);
    }

    function test_completeVouchRelease_revertsWithoutAVouch() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, address(0), newcomer));
        vault.completeVouchRelease(newcomer);
    }

    function test_completeVouchRelease_returnsTheBondToTheVoucher() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.warp(block.timestamp + DELAY);

        vm.expectEmit(address(vault));
        emit IStakingVault.VouchReleased(voucher, newcomer, 0.05 ether);
        vm.prank(stranger); // anyone can complete: the bond only ever goes back to the voucher
        vault.completeVouchRelease(newcomer);

        assertEq(_free(voucher, NATIVE), 1 ether);
        IStakingVault.Vouch memory v = vault.vouchOf(newcomer);
        assertEq(v.voucher, address(0));
        assertEq(v.bond, 0);
        assertEq(v.releaseAt, 0);
        assertEq(vault.totalLiabilities(NATIVE), 1 ether);
        _assertSolvent();
    }

    function test_completeVouchRelease_worksWhilePaused() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        _pause();
        vm.warp(block.timestamp + DELAY);
        vault.completeVouchRelease(newcomer);
        assertEq(_free(voucher, NATIVE), 1 ether);
    }

    function test_completeVouchRelease_newcomerCanBeVouchedForAgain() public {
        _makeVoucher(voucher, 1 ether);
        _makeVoucher(voucher2, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.warp(block.timestamp + DELAY);
        vault.completeVouchRelease(newcomer);
        // Keep voucher2's karma fresh enough after the warp.
        _raiseKarma(voucher2, TASK_COMPLETION, 5);
        _vouch(voucher2, newcomer, 0.02 ether);
        assertEq(vault.vouchOf(newcomer).voucher, voucher2);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- vouch forfeiture

    function test_slash_forfeitsTheNewcomersStandingVouchToTreasury() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _stakeNative(newcomer, 0.005 ether); // below the minimum on its own
        _lock(newcomer, NATIVE, 0.005 ether);
        uint256 treasuryBefore = treasury.balance;
        uint256 requesterBefore = requester.balance;

        vm.expectEmit(address(vault));
        emit IStakingVault.StakeSlashed(newcomer, NATIVE, 0.005 ether, REF);
        vm.expectEmit(address(vault));
        emit IStakingVault.VouchForfeited(voucher, newcomer, 0.05 ether);
        _slash(newcomer, NATIVE, 0.005 ether, _one(requester), _one(0.005 ether));

        assertEq(treasury.balance, treasuryBefore + 0.05 ether);
        assertEq(requester.balance, requesterBefore + 0.005 ether);
        assertEq(vault.vouchOf(newcomer).voucher, address(0));
        assertEq(vault.standingOf(newcomer), 0);
        assertEq(_free(voucher, NATIVE), 0.95 ether, "the bond is gone for good");
        assertEq(vault.totalLiabilities(NATIVE), 0.95 ether);
        _assertSolvent();

        // Nothing left to release.
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, voucher, newcomer));
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
    }

    function test_slash_forfeitsABondStillInItsReleaseDelay() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _stakeNative(newcomer, 0.005 ether);
        _lock(newcomer, NATIVE, 0.005 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.warp(block.timestamp + DELAY - 1);
        uint256 treasuryBefore = treasury.balance;
        vm.expectEmit(address(vault));
        emit IStakingVault.VouchForfeited(voucher, newcomer, 0.05 ether);
        _slash(newcomer, NATIVE, 0.005 ether, _one(requester), _one(0.005 ether));
        assertEq(treasury.balance, treasuryBefore + 0.05 ether);
        _assertSolvent();
    }

    function test_slash_afterACompletedReleaseLeavesTheVoucherWhole() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _stakeNative(newcomer, 0.005 ether);
        _lock(newcomer, NATIVE, 0.005 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.warp(block.timestamp + DELAY);
        vault.completeVouchRelease(newcomer);
        uint256 treasuryBefore = treasury.balance;
        _slash(newcomer, NATIVE, 0.005 ether, _one(requester), _one(0.005 ether));
        assertEq(treasury.balance, treasuryBefore);
        assertEq(_free(voucher, NATIVE), 1 ether);
        _assertSolvent();
    }

    function test_slash_tokenStakeStillForfeitsTheNativeBond() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _stakeToken(newcomer, 10e18);
        _lock(newcomer, address(token), 10e18);
        uint256 treasuryBefore = treasury.balance;
        _slash(newcomer, address(token), 10e18, _one(requester), _one(10e18));
        assertEq(treasury.balance, treasuryBefore + 0.05 ether);
        assertEq(vault.totalLiabilities(address(token)), 0);
        _assertSolvent();
    }

    function test_slash_ofAnotherAgentLeavesTheVouchStanding() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _stakeNative(agent, 1 ether);
        _lock(agent, NATIVE, 0.1 ether);
        _slash(agent, NATIVE, 0.1 ether, _one(requester), _one(0.1 ether));
        assertEq(vault.vouchOf(newcomer).bond, 0.05 ether);
        _assertSolvent();
    }

    function test_slash_forfeitedBondToRejectingTreasuryBecomesIou() public {
        _setParameters(DELAY, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, address(rejecter));
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.expectEmit(address(vault));
        emit Payouts.PayoutDeferred(address(rejecter), NATIVE, 0.05 ether);
        _slash(newcomer, NATIVE, 0, new address[](0), new uint256[](0));
        assertEq(vault.owed(address(rejecter), NATIVE), 0.05 ether);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- forfeitVouch

    function test_forfeitVouch_revertsForNonLocker() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNotLocker.selector, stranger));
        vm.prank(stranger);
        vault.forfeitVouch(newcomer);
    }

    function test_forfeitVouch_sendsTheStandingBondToTreasury() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        uint256 treasuryBefore = treasury.balance;
        vm.expectEmit(address(vault));
        emit IStakingVault.VouchForfeited(voucher, newcomer, 0.05 ether);
        vm.prank(locker);
        vault.forfeitVouch(newcomer);

        assertEq(treasury.balance, treasuryBefore + 0.05 ether);
        assertEq(vault.vouchOf(newcomer).voucher, address(0));
        assertEq(vault.standingOf(newcomer), 0);
        assertEq(_free(voucher, NATIVE), 0.95 ether);
        assertEq(vault.totalLiabilities(NATIVE), 0.95 ether);
        _assertSolvent();
    }

    function test_forfeitVouch_forfeitsABondInItsReleaseDelay() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.prank(locker);
        vault.forfeitVouch(newcomer);
        assertEq(vault.vouchOf(newcomer).bond, 0);
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNoSuchVouch.selector, address(0), newcomer));
        vault.completeVouchRelease(newcomer);
        _assertSolvent();
    }

    function test_forfeitVouch_withoutAVouchIsANoOp() public {
        vm.recordLogs();
        vm.prank(locker);
        vault.forfeitVouch(newcomer);
        assertEq(_vaultLogs(vm.getRecordedLogs()), 0);
        _assertSolvent();
    }

    function test_forfeitVouch_toRejectingTreasuryBecomesIou() public {
        _setParameters(DELAY, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, address(rejecter));
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.expectEmit(address(vault));
        emit Payouts.PayoutDeferred(address(rejecter), NATIVE, 0.05 ether);
        vm.prank(locker);
        vault.forfeitVouch(newcomer);
        assertEq(vault.owed(address(rejecter), NATIVE), 0.05 ether);
        _assertSolvent();
    }

    function test_forfeitVouch_worksWhilePaused() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        _pause();
        vm.prank(locker);
        vault.forfeitVouch(newcomer);
        assertEq(vault.vouchOf(newcomer).bond, 0);
        _assertSolvent();
    }

    // ---------------------------------------------------------------- checkStanding

    function test_checkStanding_revertsBelowMinimumWithValues() public {
        _stakeNative(agent, 0.004 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, agent, 0.004 ether, MIN_STAKE)
        );
        vault.checkStanding(agent);
    }

    function test_checkStanding_passesAtMinimumWithLockedStake() public {
        _stakeNative(agent, MIN_STAKE);
        _lock(agent, NATIVE, MIN_STAKE);
        vault.checkStanding(agent);
    }

    function test_checkStanding_countsAStandingBondOnly() public {
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, uint96(MIN_STAKE));
        vault.checkStanding(newcomer);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, newcomer, 0, MIN_STAKE)
        );
        vault.checkStanding(newcomer);
    }

    function testFuzz_checkStanding_agreesWithStandingOf(
        uint96 own,
        uint96 bond,
        bool releasing,
        uint128 minimum
    ) public {
        own = uint96(bound(own, 0, 10 ether));
        bond = uint96(bound(bond, 1, 10 ether));
        minimum = uint128(bound(minimum, 0, 30 ether));
        _setParameters(DELAY, minimum, TASK_COMPLETION, VOUCH_MIN, treasury);
        _makeVoucher(voucher, 10 ether);
        _vouch(voucher, newcomer, bond);
        if (own > 0) _stakeNative(newcomer, own);
        if (releasing) {
            vm.prank(voucher);
            vault.startVouchRelease(newcomer);
        }
        uint256 standing = vault.standingOf(newcomer);
        assertEq(standing, uint256(own) + (releasing ? 0 : bond));
        if (standing < minimum) {
            vm.expectRevert(
                abi.encodeWithSelector(IStakingVault.StakingVaultStandingTooLow.selector, newcomer, standing, minimum)
            );
        }
        vault.checkStanding(newcomer);
    }

    // ---------------------------------------------------------------- setLocker

    function test_setLocker_grantsRevokesAndEmits() public {
        vm.expectEmit(address(vault));
        emit IStakingVault.LockerSet(stranger, true);
        vm.prank(owner);
        vault.setLocker(stranger, true);
        assertTrue(vault.isLocker(stranger));

        vm.expectEmit(address(vault));
        emit IStakingVault.LockerSet(locker, false);
        vm.prank(owner);
        vault.setLocker(locker, false);
        assertFalse(vault.isLocker(locker));
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingVaultNotLocker.selector, locker));
        vm.prank(locker);
        vault.unlock(agent, NATIVE, 0, REF);
    }

    function test_setLocker_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        vault.setLocker(stranger, true);
    }

    function test_setLocker_revertsForGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        vault.setLocker(guardian, true);
    }

    // ---------------------------------------------------------------- setParameters

    function test_setParameters_storesAndEmits() public {
        vm.expectEmit(address(vault));
        emit IStakingVault.ParametersSet(3 days, 0.5 ether, codeReview, 0.6e18, stranger);
        _setParameters(3 days, 0.5 ether, codeReview, 0.6e18, stranger);
        assertEq(vault.unbondingDelay(), 3 days);
        assertEq(vault.minimumStake(), 0.5 ether);
        assertEq(vault.treasury(), stranger);
    }

    function test_setParameters_acceptsBoundaries() public {
        uint16 last = karma.dimensionCount();
        _setParameters(MAX_DELAY, type(uint128).max, last, WAD, treasury);
        assertEq(vault.unbondingDelay(), MAX_DELAY);
        _setParameters(0, 0, 1, 0, treasury);
        assertEq(vault.unbondingDelay(), 0);
        assertEq(vault.minimumStake(), 0);
    }

    function test_setParameters_revertsOnDelayAboveMaximum() public {
        vm.expectRevert(IStakingVault.StakingVaultInvalidParameter.selector);
        _setParameters(MAX_DELAY + 1, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, treasury);
    }

    function test_setParameters_revertsOnVouchKarmaAboveOne() public {
        vm.expectRevert(IStakingVault.StakingVaultInvalidParameter.selector);
        _setParameters(DELAY, MIN_STAKE, TASK_COMPLETION, WAD + 1, treasury);
    }

    function test_setParameters_revertsOnZeroTreasury() public {
        vm.expectRevert(IStakingVault.StakingVaultInvalidParameter.selector);
        _setParameters(DELAY, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, address(0));
    }

    function test_setParameters_revertsOnDimensionZero() public {
        vm.expectRevert(IStakingVault.StakingVaultInvalidParameter.selector);
        _setParameters(DELAY, MIN_STAKE, 0, VOUCH_MIN, treasury);
    }

    function test_setParameters_revertsOnUndefinedDimension() public {
        uint16 next = karma.dimensionCount() + 1;
        vm.expectRevert(IStakingVault.StakingVaultInvalidParameter.selector);
        _setParameters(DELAY, MIN_STAKE, next, VOUCH_MIN, treasury);
    }

    function test_setParameters_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        vault.setParameters(DELAY, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, treasury);
    }

    function test_setParameters_revertsForGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        vault.setParameters(DELAY, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, guardian);
    }

    function test_setParameters_newDelayAppliesToNewRequestsAndReleases() public {
        _setParameters(1 days, MIN_STAKE, TASK_COMPLETION, VOUCH_MIN, treasury);
        _stakeNative(agent, 1 ether);
        _request(agent, NATIVE, 1 ether);
        assertEq(vault.pendingWithdrawal(agent, NATIVE).readyAt, uint40(block.timestamp) + 1 days);
        _makeVoucher(voucher, 1 ether);
        _vouch(voucher, newcomer, 0.05 ether);
        vm.prank(voucher);
        vault.startVouchRelease(newcomer);
        assertEq(vault.vouchOf(newcomer).releaseAt, uint40(block.timestamp) + 1 days);
    }

    function testFuzz_setParameters_enforcesBounds(
        uint40 delay,
        uint128 minimum,
        uint16 dim,
        uint64 minKarma,
        address treasury_
    ) public {
        bool valid =
            delay <= MAX_DELAY &&
                minKarma <= WAD &&
                treasury_ != address(0) &&
                dim != 0 &&
                dim <= karma.dimensionCount();
        if (!valid) vm.expectRevert(IStakingVault.StakingVaultInvalidParameter.selector);
        _setParameters(delay, minimum, dim, minKarma, treasury_);
        if (valid) {
            assertEq(vault.unbondingDelay(), delay);
            assertEq(vault.minimumStake(), minimum);
            assertEq(vault.treasury(), treasury_);
        }
    }

    // ---------------------------------------------------------------- solvency across random sequences

    function testFuzz_vault_liabilitiesPlusOwedEqualBalance(uint256 seed) public {
        address[3] memory actors = [agent, requester, newcomer];
        _makeVoucher(voucher, 10 ether);
        _vouch(voucher, newcomer, 0.02 ether);

        for (uint256 i; i < 40; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            address who = actors[r % 3];
            address asset = (r >> 8) & 1 == 1 ? address(token) : NATIVE;
            uint256 amount = ((r >> 16) % 5 ether) + 1;
            uint256 op = (r >> 96) % 10;
            IStakingVault.Balance memory b = vault.balanceOf(who, asset);

            if (op == 0) {
                _stakeNative(who, amount);
            } else if (op == 1) {
                _stakeToken(who, amount);
            } else if (op == 2 && b.free > 0) {
                _request(who, asset, (amount % b.free) + 1);
            } else if (op == 3 && vault.pendingWithdrawal(who, asset).amount > 0) {
                vm.prank(who);
                vault.cancelWithdrawal(asset);
            } else if (op == 4 && vault.pendingWithdrawal(who, asset).amount > 0) {
                _warpTo(vault.pendingWithdrawal(who, asset).readyAt);
                vm.prank(who);
                vault.withdraw(asset);
            } else if (op == 5 && b.free > 0 && vault.standingOf(who) >= vault.minimumStake()) {
                _lock(who, asset, (amount % b.free) + 1);
            } else if (op == 6 && b.locked > 0) {
                _unlock(who, asset, (amount % b.locked) + 1);
            } else if (op == 7 && b.locked > 0) {
                uint256 cut = (amount % b.locked) + 1;
                uint256 toRejecter = cut / 3;
                uint256 toTreasury = cut / 5;
                _slash(
                    who,
                    asset,
                    cut,
                    _three(requester, address(rejecter), treasury),
                    _three(cut - toRejecter - toTreasury, toRejecter, toTreasury)
                );
            } else if (op == 8 && vault.owed(address(rejecter), NATIVE) > 0) {
                rejecter.setMode(KVRejectingReceiver.Mode.Accept);
                rejecter.execute(address(vault), 0, abi.encodeCall(Payouts.withdrawOwed, (NATIVE)));
                rejecter.setMode(KVRejectingReceiver.Mode.Reject);
            } else if (op == 9) {
                IStakingVault.Vouch memory v = vault.vouchOf(newcomer);
                if (v.voucher == address(0)) {
                    _raiseKarma(voucher, TASK_COMPLETION, VOUCH_ROUNDS);
                    if (_free(voucher, NATIVE) >= 0.02 ether) _vouch(voucher, newcomer, 0.02 ether);
                } else if (v.releaseAt == 0) {
                    vm.prank(voucher);
                    vault.startVouchRelease(newcomer);
                } else {
                    _warpTo(v.releaseAt);
                    vault.completeVouchRelease(newcomer);
                }
            }
            _assertSolvent();
            _assertLiabilitiesAreTheSumOfBalances(actors);
        }
    }

    /// @dev Moves time forward only (karma decay reads `now - updatedAt`).
    function _warpTo(uint256 timestamp) internal {
        if (timestamp > block.timestamp) vm.warp(timestamp);
    }

    function _assertLiabilitiesAreTheSumOfBalances(address[3] memory actors) internal view {
        address[4] memory holders = [actors[0], actors[1], actors[2], voucher];
        address[2] memory assets = [NATIVE, address(token)];
        for (uint256 a; a < assets.length; ++a) {
            uint256 sum;
            for (uint256 h; h < holders.length; ++h) {
                IStakingVault.Balance memory b = vault.balanceOf(holders[h], assets[a]);
                sum += uint256(b.free) + b.locked + vault.pendingWithdrawal(holders[h], assets[a]).amount;
            }
            if (assets[a] == NATIVE) sum += vault.vouchOf(newcomer).bond;
            assertEq(vault.totalLiabilities(assets[a]), sum, "liabilities == free + locked + unbonding + bonds");
        }
    }
}
