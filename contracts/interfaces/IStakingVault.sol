// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStakingVault
/// @notice Agents' stake in the native asset (`address(0)`) and in ERC-20 tokens. Stake is free
/// (lockable), locked (behind a claimed task or a jury seat) or unbonding (waiting out the delay
/// before withdrawal). Authorised lockers (the escrow, the jury) lock, unlock and slash it.
/// @dev Sybil resistance: claiming needs a standing native stake of at least `minimumStake`, so
/// every identity costs capital. An agent with enough karma can vouch for a newcomer by bonding
/// native stake behind it; the bond counts toward the newcomer's standing and is forfeited to
/// the treasury if the newcomer is slashed while the vouch stands.
interface IStakingVault {
    /// @notice An agent's stake in one asset.
    struct Balance {
        uint128 free;
        uint128 locked;
    }

    /// @notice Stake on its way out.
    struct PendingWithdrawal {
        uint128 amount;
        uint40 readyAt;
    }

    /// @notice A voucher's bond behind a newcomer. `releaseAt` is zero while the vouch stands.
    struct Vouch {
        address voucher;
        uint96 bond;
        uint40 releaseAt;
    }

    /// @notice Emitted when stake arrives (the amount actually received).
    event Deposited(address indexed agent, address indexed asset, uint256 amount);
    /// @notice Emitted when free stake starts unbonding.
    event WithdrawalRequested(address indexed agent, address indexed asset, uint256 amount, uint40 readyAt);
    /// @notice Emitted when unbonding stake returns to free stake.
    event WithdrawalCancelled(address indexed agent, address indexed asset, uint256 amount);
    /// @notice Emitted when unbonded stake leaves the vault.
    event Withdrawn(address indexed agent, address indexed asset, uint256 amount);
    /// @notice Emitted when a locker locks stake; `ref` names what it backs (a task, a jury case).
    event StakeLocked(address indexed agent, address indexed asset, uint256 amount, bytes32 indexed ref);
    /// @notice Emitted when locked stake becomes free again.
    event StakeUnlocked(address indexed agent, address indexed asset, uint256 amount, bytes32 indexed ref);
    /// @notice Emitted when locked stake is slashed; the payouts follow as transfers.
    event StakeSlashed(address indexed agent, address indexed asset, uint256 amount, bytes32 indexed ref);
    /// @notice Emitted when a voucher bonds stake behind a newcomer.
    event Vouched(address indexed voucher, address indexed newcomer, uint256 bond);
    /// @notice Emitted when a voucher starts releasing a vouch.
    event VouchReleaseStarted(address indexed voucher, address indexed newcomer, uint40 releaseAt);
    /// @notice Emitted when a released bond returns to the voucher's free stake.
    event VouchReleased(address indexed voucher, address indexed newcomer, uint256 bond);
    /// @notice Emitted when a newcomer's slash forfeits its voucher's bond.
    event VouchForfeited(address indexed voucher, address indexed newcomer, uint256 bond);
    /// @notice Emitted when the owner grants or revokes the right to lock and slash.
    event LockerSet(address indexed locker, bool allowed);
    /// @notice Emitted when the owner changes a parameter.
    event ParametersSet(
        uint40 unbondingDelay,
        uint128 minimumStake,
        uint16 vouchKarmaDimension,
        uint64 vouchMinKarma,
        address treasury
    );

    /// @notice The caller may not lock or slash stake.
    error StakingVaultNotLocker(address caller);
    /// @notice A zero amount where a positive one is needed.
    error StakingVaultZeroAmount();
    /// @notice More than the free stake was asked for.
    error StakingVaultInsufficientFree(address agent, address asset, uint256 available, uint256 requested);
    /// @notice More than the locked stake was asked for.
    error StakingVaultInsufficientLocked(address agent, address asset, uint256 available, uint256 requested);
    /// @notice The agent's standing native stake is below the minimum.
    error StakingVaultStandingTooLow(address agent, uint256 standing, uint256 minimum);
    /// @notice Nothing is unbonding, or the delay has not passed.
    error StakingVaultWithdrawalNotReady(address agent, address asset, uint40 readyAt);
    /// @notice A native deposit sent to the token path or the reverse.
    error StakingVaultWrongAsset(address asset);
    /// @notice The native-asset transfer to the agent failed.
    error StakingVaultTransferFailed(address to, uint256 amount);
    /// @notice The voucher lacks the karma to vouch.
    error StakingVaultVoucherKarmaTooLow(address voucher, uint64 karma, uint64 minimum);
    /// @notice The newcomer already has a voucher, or the voucher is vouching for itself.
    error StakingVaultInvalidVouch(address voucher, address newcomer);
    /// @notice The vouch does not exist, is not the caller's, or is not in the expected phase.
    error StakingVaultNoSuchVouch(address voucher, address newcomer);
    /// @notice Slash payouts do not add up to the slashed amount.
    error StakingVaultSlashMismatch(uint256 amount, uint256 paidOut);
    /// @notice A parameter outside its bounds.
    error StakingVaultInvalidParameter();

    /// @notice Deposits native stake for the caller.
    function deposit() external payable;
    /// @notice Deposits `amount` of `asset` for the caller; credits what actually arrived.
    function depositToken(address asset, uint256 amount) external;
    /// @notice Starts unbonding `amount` of the caller's free stake in `asset`.
    function requestWithdrawal(address asset, uint256 amount) external;
    /// @notice Returns the caller's unbonding stake in `asset` to free stake.
    function cancelWithdrawal(address asset) external;
    /// @notice Sends the caller's unbonded stake in `asset` once the delay has passed.
    function withdraw(address asset) external;

    /// @notice Bonds `bond` of the caller's free native stake behind `newcomer`.
    function vouch(address newcomer, uint96 bond) external;
    /// @notice Starts releasing the caller's vouch for `newcomer`; the bond stays at risk for the
    /// unbonding delay.
    function startVouchRelease(address newcomer) external;
    /// @notice Returns a released bond to the voucher's free stake once the delay has passed.
    function completeVouchRelease(address newcomer) external;

    /// @notice Locks `amount` of `agent`'s free stake in `asset`, requiring the agent's standing
    /// native stake to be at least `minimumStake`. Lockers only.
    function lock(address agent, address asset, uint256 amount, bytes32 ref) external;
    /// @notice Frees `amount` of `agent`'s locked stake. Lockers only.
    function unlock(address agent, address asset, uint256 amount, bytes32 ref) external;
    /// @notice Slashes `amount` of `agent`'s locked stake, paying `amounts[i]` to `recipients[i]`;
    /// forfeits a standing vouch for the agent to the treasury. Lockers only.
    function slash(
        address agent,
        address asset,
        uint256 amount,
        address[] calldata recipients,
        uint256[] calldata amounts,
        bytes32 ref
    ) external;

    /// @notice Forfeits the vouch behind `agent` to the treasury, if there is one: called by the
    /// escrow when it slashes a claim's stake. Lockers only.
    function forfeitVouch(address agent) external;
    /// @notice Reverts with `StakingVaultStandingTooLow` unless `agent`'s standing native stake
    /// (own free and locked, plus a standing vouch) reaches `minimumStake`.
    function checkStanding(address agent) external view;

    /// @notice Grants or revokes the right to lock and slash.
    function setLocker(address locker, bool allowed) external;
    /// @notice Sets the parameters.
    function setParameters(
        uint40 unbondingDelay,
        uint128 minimumStake,
        uint16 vouchKarmaDimension,
        uint64 vouchMinKarma,
        address treasury
    ) external;

    /// @notice `agent`'s free and locked stake in `asset`.
    function balanceOf(address agent, address asset) external view returns (Balance memory);
    /// @notice `agent`'s unbonding stake in `asset`.
    function pendingWithdrawal(address agent, address asset) external view returns (PendingWithdrawal memory);
    /// @notice Own native stake (free, locked, unbonding excluded) plus a standing vouch bond.
    function standingOf(address agent) external view returns (uint256);
    /// @notice The vouch behind `newcomer`.
    function vouchOf(address newcomer) external view returns (Vouch memory);
    /// @notice Whether `account` may lock and slash.
    function isLocker(address account) external view returns (bool);
    /// @notice Sum of all balances, unbonding amounts and bonds in `asset`: what the vault owes.
    function totalLiabilities(address asset) external view returns (uint256);
    /// @notice The unbonding delay in seconds.
    function unbondingDelay() external view returns (uint40);
    /// @notice The standing native stake needed to lock.
    function minimumStake() external view returns (uint128);
    /// @notice Where forfeited bonds go.
    function treasury() external view returns (address);
}
