// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IKarmaRegistry} from "../interfaces/IKarmaRegistry.sol";
import {IStakingVault} from "../interfaces/IStakingVault.sol";
import {Payouts} from "../libraries/Payouts.sol";

/// @title StakingVault
/// @notice Holds agents' stake; lets the escrow and the jury lock, unlock and slash it.
/// @dev Pausing stops deposits and new vouches only: withdrawals, unlocks and slashes, the
/// paths out, always run.
contract StakingVault is IStakingVault, GuardedOwnable, ReentrancyGuardTransient, Payouts {
    using SafeERC20 for IERC20;

    address private constant NATIVE = address(0);
    uint40 private constant MAX_UNBONDING_DELAY = 90 days;

    IKarmaRegistry public immutable karma;

    uint40 private _unbondingDelay = 7 days;
    uint128 private _minimumStake = 0.01 ether;
    uint16 private _vouchKarmaDimension;
    uint64 private _vouchMinKarma = 0.8e18;
    address private _treasury;

    mapping(address agent => mapping(address asset => Balance)) private _balances;
    mapping(address agent => mapping(address asset => PendingWithdrawal)) private _pending;
    mapping(address newcomer => Vouch) private _vouches;
    mapping(address account => bool) private _lockers;
    mapping(address asset => uint256) private _liabilities;

    modifier onlyLocker() {
        if (!_lockers[msg.sender]) revert StakingVaultNotLocker(msg.sender);
        _;
    }

    constructor(
        address initialOwner,
        address initialGuardian,
        IKarmaRegistry karmaRegistry,
        address treasury_
    ) GuardedOwnable(initialOwner, initialGuardian) {
        karma = karmaRegistry;
        _treasury = treasury_;
        _vouchKarmaDimension = 2; // reliability.task_completion
    }

    // ---------------------------------------------------------------- agents

    /// @inheritdoc IStakingVault
    function deposit() external payable whenNotPaused nonReentrant {
        if (msg.value == 0) revert StakingVaultZeroAmount();
        _credit(msg.sender, NATIVE, msg.value);
    }

    /// @inheritdoc IStakingVault
    function depositToken(address asset, uint256 amount) external whenNotPaused nonReentrant {
        if (asset == NATIVE) revert StakingVaultWrongAsset(asset);
        if (amount == 0) revert StakingVaultZeroAmount();
        uint256 before = IERC20(asset).balanceOf(address(this));
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        // Fee-on-transfer tokens: credit what arrived, not what was asked.
        uint256 received = IERC20(asset).balanceOf(address(this)) - before;
        if (received == 0) revert StakingVaultZeroAmount();
        _credit(msg.sender, asset, received);
    }

    /// @inheritdoc IStakingVault
    function requestWithdrawal(address asset, uint256 amount) external nonReentrant {
        if (amount == 0) revert StakingVaultZeroAmount();
        Balance storage balance = _balances[msg.sender][asset];
        if (balance.free < amount) revert StakingVaultInsufficientFree(msg.sender, asset, balance.free, amount);
        // Bounded by `free`, which is a uint128.
        balance.free -= uint128(amount);
        PendingWithdrawal storage pending = _pending[msg.sender][asset];
        pending.amount += uint128(amount);
        uint40 readyAt = uint40(block.timestamp) + _unbondingDelay;
        pending.readyAt = readyAt;
        emit WithdrawalRequested(msg.sender, asset, amount, readyAt);
    }

    /// @inheritdoc IStakingVault
    function cancelWithdrawal(address asset) external nonReentrant {
        PendingWithdrawal memory pending = _pending[msg.sender][asset];
        if (pending.amount == 0) revert StakingVaultWithdrawalNotReady(msg.sender, asset, 0);
        delete _pending[msg.sender][asset];
        _balances[msg.sender][asset].free += pending.amount;
        emit WithdrawalCancelled(msg.sender, asset, pending.amount);
    }

    /// @inheritdoc IStakingVault
    function withdraw(address asset) external nonReentrant {
        PendingWithdrawal memory pending = _pending[msg.sender][asset];
        if (pending.amount == 0 || block.timestamp < pending.readyAt) {
            revert StakingVaultWithdrawalNotReady(msg.sender, asset, pending.readyAt);
        }
        delete _pending[msg.sender][asset];
        _liabilities[asset] -= pending.amount;
        emit Withdrawn(msg.sender, asset, pending.amount);
        if (asset == NATIVE) {
            (bool ok, ) = msg.sender.call{value: pending.amount}("");
            if (!ok) revert StakingVaultTransferFailed(msg.sender, pending.amount);
        } else {
            IERC20(asset).safeTransfer(msg.sender, pending.amount);
        }
    }

    /// @inheritdoc IStakingVault
    function vouch(address newcomer, uint96 bond) external whenNotPaused nonReentrant {
        if (bond == 0) revert StakingVaultZeroAmount();
        if (newcomer == msg.sender || newcomer == address(0) || _vouches[newcomer].voucher != address(0)) {
            revert StakingVaultInvalidVouch(msg.sender, newcomer);
        }
        uint64 voucherKarma = karma.karmaOf(msg.sender, _vouchKarmaDimension);
        if (voucherKarma < _vouchMinKarma) {
            revert StakingVaultVoucherKarmaTooLow(msg.sender, voucherKarma, _vouchMinKarma);
        }
        Balance storage balance = _balances[msg.sender][NATIVE];
        if (balance.free < bond) revert StakingVaultInsufficientFree(msg.sender, NATIVE, balance.free, bond);
        balance.free -= bond;
        _vouches[newcomer] = Vouch({voucher: msg.sender, bond: bond, releaseAt: 0});
        emit Vouched(msg.sender, newcomer, bond);
    }

    /// @inheritdoc IStakingVault
    function startVouchRelease(address newcomer) external {
        Vouch storage v = _vouches[newcomer];
        if (v.voucher != msg.sender || v.releaseAt != 0) revert StakingVaultNoSuchVouch(msg.sender, newcomer);
        uint40 releaseAt = uint40(block.timestamp) + _unbondingDelay;
        v.releaseAt = releaseAt;
        emit VouchReleaseStarted(msg.sender, newcomer, releaseAt);
    }

    /// @inheritdoc IStakingVault
    function completeVouchRelease(address newcomer) external nonReentrant {
        Vouch memory v = _vouches[newcomer];
        if (v.voucher == address(0) || v.releaseAt == 0 || block.timestamp < v.releaseAt) {
            revert StakingVaultNoSuchVouch(v.voucher, newcomer);
        }
        delete _vouches[newcomer];
        _balances[v.voucher][NATIVE].free += v.bond;
        emit VouchReleased(v.voucher, newcomer, v.bond);
    }

    // ---------------------------------------------------------------- lockers

    /// @inheritdoc IStakingVault
    function lock(address agent, address asset, uint256 amount, bytes32 ref) external onlyLocker {
        checkStanding(agent);
        if (amount == 0) return;
        Balance memory balance = _balances[agent][asset];
        if (balance.free < amount) revert StakingVaultInsufficientFree(agent, asset, balance.free, amount);
        // Bounded by `free`, a uint128; `locked + amount` cannot exceed the credited total.
        unchecked {
            balance.free -= uint128(amount);
            balance.locked += uint128(amount);
        }
        _balances[agent][asset] = balance;
        emit StakeLocked(agent, asset, amount, ref);
    }

    /// @inheritdoc IStakingVault
    function checkStanding(address agent) public view {
        Balance memory native = _balances[agent][NATIVE];
        uint256 standing = uint256(native.free) + native.locked;
        uint256 minimum = _minimumStake;
        if (standing >= minimum) return;
        Vouch memory v = _vouches[agent];
        if (v.releaseAt == 0) standing += v.bond;
        if (standing < minimum) revert StakingVaultStandingTooLow(agent, standing, minimum);
    }

    /// @inheritdoc IStakingVault
    function forfeitVouch(address agent) external onlyLocker nonReentrant {
        _forfeitVouch(agent);
    }

    /// @inheritdoc IStakingVault
    function unlock(address agent, address asset, uint256 amount, bytes32 ref) external onlyLocker {
        if (amount == 0) return;
        Balance memory balance = _balances[agent][asset];
        if (balance.locked < amount) revert StakingVaultInsufficientLocked(agent, asset, balance.locked, amount);
        unchecked {
            balance.locked -= uint128(amount);
            balance.free += uint128(amount);
        }
        _balances[agent][asset] = balance;
        emit StakeUnlocked(agent, asset, amount, ref);
    }

    /// @inheritdoc IStakingVault
    function slash(
        address agent,
        address asset,
        uint256 amount,
        address[] calldata recipients,
        uint256[] calldata amounts,
        bytes32 ref
    ) external onlyLocker nonReentrant {
        Balance storage balance = _balances[agent][asset];
        if (balance.locked < amount) revert StakingVaultInsufficientLocked(agent, asset, balance.locked, amount);
        uint256 paid;
        for (uint256 i; i < amounts.length; ++i) {
            paid += amounts[i];
            // A payout to the zero address would become an IOU nobody can ever withdraw.
            if (recipients.length > i && recipients[i] == address(0)) revert StakingVaultInvalidParameter();
        }
        if (paid != amount || recipients.length != amounts.length) revert StakingVaultSlashMismatch(amount, paid);
        balance.locked -= uint128(amount);
        _liabilities[asset] -= amount;
        emit StakeSlashed(agent, asset, amount, ref);

        _forfeitVouch(agent);
        for (uint256 i; i < recipients.length; ++i) {
            _payOut(asset, recipients[i], amounts[i]);
        }
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IStakingVault
    function setLocker(address locker, bool allowed) external onlyOwner {
        _lockers[locker] = allowed;
        emit LockerSet(locker, allowed);
    }

    /// @inheritdoc IStakingVault
    function setParameters(
        uint40 newUnbondingDelay,
        uint128 newMinimumStake,
        uint16 newVouchKarmaDimension,
        uint64 newVouchMinKarma,
        address newTreasury
    ) external onlyOwner {
        if (
            newUnbondingDelay > MAX_UNBONDING_DELAY ||
            newVouchMinKarma > 1e18 ||
            newTreasury == address(0) ||
            newVouchKarmaDimension == 0 ||
            newVouchKarmaDimension > karma.dimensionCount()
        ) revert StakingVaultInvalidParameter();
        _unbondingDelay = newUnbondingDelay;
        _minimumStake = newMinimumStake;
        _vouchKarmaDimension = newVouchKarmaDimension;
        _vouchMinKarma = newVouchMinKarma;
        _treasury = newTreasury;
        emit ParametersSet(newUnbondingDelay, newMinimumStake, newVouchKarmaDimension, newVouchMinKarma, newTreasury);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IStakingVault
    function balanceOf(address agent, address asset) external view returns (Balance memory) {
        return _balances[agent][asset];
    }

    /// @inheritdoc IStakingVault
    function pendingWithdrawal(address agent, address asset) external view returns (PendingWithdrawal memory) {
        return _pending[agent][asset];
    }

    /// @inheritdoc IStakingVault
    function standingOf(address agent) external view returns (uint256 standing) {
        Balance memory native = _balances[agent][NATIVE];
        standing = uint256(native.free) + native.locked;
        Vouch memory v = _vouches[agent];
        if (v.voucher != address(0) && v.releaseAt == 0) standing += v.bond;
    }

    /// @inheritdoc IStakingVault
    function vouchOf(address newcomer) external view returns (Vouch memory) {
        return _vouches[newcomer];
    }

    /// @inheritdoc IStakingVault
    function isLocker(address account) external view returns (bool) {
        return _lockers[account];
    }

    /// @inheritdoc IStakingVault
    function totalLiabilities(address asset) external view returns (uint256) {
        return _liabilities[asset];
    }

    /// @inheritdoc IStakingVault
    function unbondingDelay() external view returns (uint40) {
        return _unbondingDelay;
    }

    /// @inheritdoc IStakingVault
    function minimumStake() external view returns (uint128) {
        return _minimumStake;
    }

    /// @inheritdoc IStakingVault
    function treasury() external view returns (address) {
        return _treasury;
    }

    function _forfeitVouch(address agent) private {
        Vouch memory v = _vouches[agent];
        if (v.voucher == address(0)) return;
        delete _vouches[agent];
        _liabilities[NATIVE] -= v.bond;
        emit VouchForfeited(v.voucher, agent, v.bond);
        _payOut(NATIVE, _treasury, v.bond);
    }

    function _credit(address agent, address asset, uint256 amount) private {
        Balance storage balance = _balances[agent][asset];
        // A balance above 2^128 would need more tokens than any real supply; fail loudly if so.
        balance.free += _toUint128(amount);
        _liabilities[asset] += amount;
        emit Deposited(agent, asset, amount);
    }

    function _toUint128(uint256 value) private pure returns (uint128) {
        if (value > type(uint128).max) revert StakingVaultInvalidParameter();
        return uint128(value);
    }
}
