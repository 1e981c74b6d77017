// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IKarmaRegistry} from "../interfaces/IKarmaRegistry.sol";
import {KarmaMath} from "../libraries/KarmaMath.sol";

/// @title KarmaRegistry
/// @notice Multi-dimensional karma per agent, EMA-updated by authorised contracts, decaying on read.
/// @dev Storage: two dimensions share one slot (value uint64 + updatedAt uint40 in each 128-bit
/// half), so the reliability pair updated after every task (completion, response time) costs one
/// write. Karma updates are never paused: they are part of settlement, which must always run.
contract KarmaRegistry is IKarmaRegistry, GuardedOwnable {
    /// @notice Built-in dimensions, defined in the constructor.
    uint16 public constant JURY_RELIABILITY = 1;
    uint16 public constant TASK_COMPLETION = 2;
    uint16 public constant RESPONSE_TIME = 3;
    uint16 public constant GOVERNANCE = 4;

    uint64 private constant WAD = 1e18;
    uint32 private constant MAX_HALF_LIFE = 10 * 365 days;
    uint256 private constant HALF_MASK = (1 << 128) - 1;
    uint256 private constant VALUE_MASK = (1 << 64) - 1;
    uint256 private constant TIME_MASK = (1 << 40) - 1;
    /// @dev Baselines are kept in millionths inside each packed half (24 bits), so decay on read
    /// needs no extra storage read.
    uint64 private constant BASELINE_UNIT = 1e12;

    /// @dev Alpha is kept in units of 1e-12 so that it shares one slot with the half-life, the
    /// dimension count and the primary updater: every update reads that single slot.
    uint64 private constant ALPHA_UNIT = 1e6;

    address private _primaryUpdater;
    uint40 private _alphaUnits = 0.1e12;
    uint32 private _halfLife = 180 days;
    uint16 private _dimensionCount;

    mapping(uint16 dimension => Dimension) private _dimensions;
    mapping(bytes32 nameHash => bool) private _nameTaken;
    mapping(address account => bool) private _updaters;
    mapping(address agent => mapping(uint256 pair => uint256 packed)) private _karma;
    mapping(address agent => AgentRecord) private _records;
    mapping(address agent => mapping(address asset => uint256 amount)) private _tokenEarnings;

    modifier onlyUpdater() {
        if (msg.sender != _primaryUpdater && !_updaters[msg.sender]) revert KarmaRegistryNotUpdater(msg.sender);
        _;
    }

    constructor(address initialOwner, address initialGuardian) GuardedOwnable(initialOwner, initialGuardian) {
        _define("reliability.jury", DimensionKind.Reliability, 0);
        _define("reliability.task_completion", DimensionKind.Reliability, 0);
        _define("reliability.response_time", DimensionKind.Reliability, 0);
        _define("governance", DimensionKind.Governance, 0);
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IKarmaRegistry
    function defineDimension(
        string calldata name,
        DimensionKind kind,
        uint64 baseline
    ) external onlyOwner returns (uint16) {
        return _define(name, kind, baseline);
    }

    /// @inheritdoc IKarmaRegistry
    function setUpdater(address updater, bool allowed) external onlyOwner {
        // The first updater granted (the escrow, at deployment) sits in the packed config slot.
        if (allowed && _primaryUpdater == address(0)) _primaryUpdater = updater;
        else _updaters[updater] = allowed;
        if (!allowed && _primaryUpdater == updater) _primaryUpdater = address(0);
        emit UpdaterSet(updater, allowed);
    }

    /// @inheritdoc IKarmaRegistry
    function setAlpha(uint64 newAlpha) external onlyOwner {
        if (newAlpha == 0 || newAlpha > WAD || newAlpha % ALPHA_UNIT != 0)
            revert KarmaRegistryValueOutOfRange(newAlpha);
        _alphaUnits = uint40(newAlpha / ALPHA_UNIT);
        emit AlphaSet(newAlpha);
    }

    /// @inheritdoc IKarmaRegistry
    function setHalfLife(uint32 newHalfLife) external onlyOwner {
        if (newHalfLife == 0 || newHalfLife > MAX_HALF_LIFE) revert KarmaRegistryInvalidHalfLife(newHalfLife);
        _halfLife = newHalfLife;
        emit HalfLifeSet(newHalfLife);
    }

    // ---------------------------------------------------------------- agents

    /// @inheritdoc IKarmaRegistry
    function setTrustDepth(uint8 trustDepth) external whenNotPaused {
        _records[msg.sender].trustDepth = trustDepth;
        emit TrustDepthSet(msg.sender, trustDepth);
    }

    // ---------------------------------------------------------------- updaters

    /// @inheritdoc IKarmaRegistry
    function recordOutcome(address agent, uint16 dim, uint64 outcome, uint64 weight) external onlyUpdater {
        _requireDimension(dim);
        if (outcome > WAD) revert KarmaRegistryValueOutOfRange(outcome);
        if (weight > WAD) revert KarmaRegistryValueOutOfRange(weight);
        uint256 pair = dim >> 1;
        uint256 packed = _karma[agent][pair];
        _karma[agent][pair] = _updateHalf(
            agent,
            dim,
            packed,
            outcome,
            (uint256(_alphaUnits) * ALPHA_UNIT * weight) / WAD
        );
    }

    /// @inheritdoc IKarmaRegistry
    function recordTaskOutcome(
        address agent,
        uint16 domain,
        bool success,
        uint64 responseScore,
        address asset,
        uint256 amountEarned
    ) external onlyUpdater {
        _requireDimension(domain);
        if (responseScore > WAD) revert KarmaRegistryValueOutOfRange(responseScore);
        uint256 rate = uint256(_alphaUnits) * ALPHA_UNIT;
        uint64 outcome = success ? WAD : 0;
        mapping(uint256 pair => uint256 packed) storage karmaOfAgent = _karma[agent];

        uint256 domainPair = domain >> 1;
        uint64 domainKarma;
        uint256 packed = karmaOfAgent[domainPair];
        (packed, domainKarma) = _stepHalf(domain, packed, outcome, rate);
        // TASK_COMPLETION and RESPONSE_TIME share a slot: read once, write once.
        uint256 reliabilityPair = TASK_COMPLETION >> 1;
        if (domainPair != reliabilityPair) {
            karmaOfAgent[domainPair] = packed;
            packed = karmaOfAgent[reliabilityPair];
        }
        uint64 completion;
        uint64 responseTime;
        (packed, completion) = _stepHalf(TASK_COMPLETION, packed, outcome, rate);
        if (success) (packed, responseTime) = _stepHalf(RESPONSE_TIME, packed, responseScore, rate);
        else responseTime = _decayedHalf(RESPONSE_TIME, (packed >> ((RESPONSE_TIME & 1) * 128)) & HALF_MASK);
        karmaOfAgent[reliabilityPair] = packed;

        AgentRecord memory record = _records[agent];
        if (success) ++record.tasksCompleted;
        else {
            ++record.tasksFailed;
            amountEarned = 0;
        }
        // The event always carries the running total in `asset`, changed or not.
        uint256 totalEarned;
        if (asset == address(0)) {
            record.totalEarnedNative += SafeCast.toUint128(amountEarned);
            totalEarned = record.totalEarnedNative;
        } else {
            totalEarned = _tokenEarnings[agent][asset] + amountEarned;
            if (amountEarned != 0) _tokenEarnings[agent][asset] = totalEarned;
        }
        _records[agent] = record;
        emit TaskOutcomeRecorded(
            agent,
            domain,
            success,
            domainKarma,
            completion,
            responseTime,
            record.tasksCompleted,
            record.tasksFailed,
            asset,
            amountEarned,
            totalEarned
        );
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IKarmaRegistry
    function karmaOf(address agent, uint16 dim) public view returns (uint64) {
        return _decayedHalf(dim, (_karma[agent][dim >> 1] >> ((dim & 1) * 128)) & HALF_MASK);
    }

    /// @inheritdoc IKarmaRegistry
    function storedKarma(address agent, uint16 dim) external view returns (uint64 value, uint40 updatedAt) {
        return _unpack(_karma[agent][dim >> 1], dim);
    }

    /// @inheritdoc IKarmaRegistry
    function checkRequirements(
        address agent,
        KarmaRequirement[] calldata requirements,
        uint16[] calldata skills
    ) external view {
        for (uint256 i; i < requirements.length; ++i) {
            KarmaRequirement calldata requirement = requirements[i];
            uint64 actual = karmaOf(agent, requirement.dimension);
            if (actual < requirement.minimum) {
                revert KarmaRegistryRequirementNotMet(agent, requirement.dimension, actual, requirement.minimum);
            }
        }
        for (uint256 i; i < skills.length; ++i) {
            uint64 actual = karmaOf(agent, skills[i]);
            if (actual == 0) revert KarmaRegistryRequirementNotMet(agent, skills[i], 0, 1);
        }
    }

    /// @inheritdoc IKarmaRegistry
    function dimension(uint16 dim) external view returns (Dimension memory) {
        _requireDimension(dim);
        return _dimensions[dim];
    }

    /// @inheritdoc IKarmaRegistry
    function dimensionCount() external view returns (uint16) {
        return _dimensionCount;
    }

    /// @inheritdoc IKarmaRegistry
    function agentRecord(address agent) external view returns (AgentRecord memory) {
        return _records[agent];
    }

    /// @inheritdoc IKarmaRegistry
    function earned(address agent, address asset) external view returns (uint256) {
        if (asset == address(0)) return _records[agent].totalEarnedNative;
        return _tokenEarnings[agent][asset];
    }

    /// @inheritdoc IKarmaRegistry
    function isUpdater(address account) external view returns (bool) {
        return account != address(0) && (account == _primaryUpdater || _updaters[account]);
    }

    /// @inheritdoc IKarmaRegistry
    function alpha() external view returns (uint64) {
        return uint64(_alphaUnits) * ALPHA_UNIT;
    }

    /// @inheritdoc IKarmaRegistry
    function halfLife() external view returns (uint32) {
        return _halfLife;
    }

    // ---------------------------------------------------------------- internal

    function _define(string memory name, DimensionKind kind, uint64 baseline) private returns (uint16 id) {
        if (baseline > WAD || baseline % BASELINE_UNIT != 0) revert KarmaRegistryValueOutOfRange(baseline);
        bytes32 nameHash = keccak256(bytes(name));
        if (bytes(name).length == 0 || _nameTaken[nameHash]) revert KarmaRegistryInvalidName(name);
        if (_dimensionCount == type(uint16).max) revert KarmaRegistryTooManyDimensions();
        id = ++_dimensionCount;
        _nameTaken[nameHash] = true;
        _dimensions[id] = Dimension({name: name, kind: kind, baseline: baseline});
        emit DimensionDefined(id, name, kind, baseline);
    }

    function _requireDimension(uint16 dim) private view {
        if (dim == 0 || dim > _dimensionCount) revert KarmaRegistryUnknownDimension(dim);
    }

    /// @dev Applies decay, then the EMA step, to one half of a packed pair and emits the change.
    function _updateHalf(
        address agent,
        uint16 dim,
        uint256 packed,
        uint64 outcome,
        uint256 rate
    ) private returns (uint256 updated) {
        uint64 previous = _decayedHalf(dim, (packed >> ((dim & 1) * 128)) & HALF_MASK);
        uint64 next;
        (updated, next) = _stepHalf(dim, packed, outcome, rate);
        emit KarmaUpdated(agent, dim, previous, next, outcome);
    }

    /// @dev Decay, then one EMA step, on one half of a packed pair; returns the pair and the new value.
    function _stepHalf(
        uint16 dim,
        uint256 packed,
        uint64 outcome,
        uint256 rate
    ) private view returns (uint256, uint64 next) {
        uint256 shift = (dim & 1) * 128;
        uint256 oldHalf = (packed >> shift) & HALF_MASK;
        uint64 previous = _decayedHalf(dim, oldHalf);
        // ema() of two WAD-bounded values with rate <= WAD stays <= WAD, so the cast is exact.
        next = uint64(KarmaMath.ema(previous, outcome, rate));
        uint256 baselineUnits =
            (oldHalf >> 64) & TIME_MASK == 0 ? _dimensions[dim].baseline / BASELINE_UNIT : oldHalf >> 104;
        uint256 half = uint256(next) | (uint256(uint40(block.timestamp)) << 64) | (baselineUnits << 104);
        return ((packed & ~(HALF_MASK << shift)) | (half << shift), next);
    }

    function _unpack(uint256 packed, uint16 dim) private pure returns (uint64 value, uint40 updatedAt) {
        uint256 half = (packed >> ((dim & 1) * 128)) & HALF_MASK;
        value = uint64(half & VALUE_MASK);
        updatedAt = uint40((half >> 64) & TIME_MASK);
    }

    /// @dev A never-written half reads as the dimension's baseline; a written one carries its
    /// baseline with it and decays toward it.
    function _decayedHalf(uint16 dim, uint256 half) private view returns (uint64) {
        uint256 updatedAt = (half >> 64) & TIME_MASK;
        if (updatedAt == 0) return _dimensions[dim].baseline;
        uint256 baseline = (half >> 104) * BASELINE_UNIT;
        // decay() returns a value between the stored value and the baseline, both <= WAD.
        return uint64(KarmaMath.decay(half & VALUE_MASK, baseline, block.timestamp - updatedAt, _halfLife));
    }
}
