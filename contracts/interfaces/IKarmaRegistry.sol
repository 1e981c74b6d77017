// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IKarmaRegistry
/// @notice Multi-dimensional karma per agent. Each dimension (accuracy in a domain, a skill, a
/// reliability measure, governance) holds a fixed-point value in [0, 1e18] (1e18 = 1.0, so the
/// precision is 1e-18), updated by an exponential moving average from authorised updaters and
/// decaying toward the dimension's baseline with a half-life, computed on read.
interface IKarmaRegistry {
    /// @notice What a dimension measures.
    enum DimensionKind {
        Accuracy,
        Skill,
        Reliability,
        Governance
    }

    /// @notice A named dimension. `baseline` is where new identities start and where unused
    /// values decay to (0 by default: new identities start at zero).
    struct Dimension {
        string name;
        DimensionKind kind;
        uint64 baseline;
    }

    /// @notice A karma threshold: the agent's value in `dimension` must be at least `minimum`.
    struct KarmaRequirement {
        uint16 dimension;
        uint64 minimum;
    }

    /// @notice Counters kept per agent next to its karma values.
    struct AgentRecord {
        uint32 tasksCompleted;
        uint32 tasksFailed;
        /// @dev How many delegation layers below a root task this agent accepts to work at.
        uint8 trustDepth;
        uint128 totalEarnedNative;
    }

    /// @notice Emitted when the owner defines a dimension.
    event DimensionDefined(uint16 indexed dimension, string name, DimensionKind kind, uint64 baseline);
    /// @notice Emitted on every karma change, with the value before (after decay) and after.
    event KarmaUpdated(
        address indexed agent,
        uint16 indexed dimension,
        uint64 previousValue,
        uint64 newValue,
        uint64 outcome
    );
    /// @notice Emitted once per settled task with every value it changed: the new accuracy in
    /// `domain`, task completion and response time (unchanged on failure), the counters and the
    /// earnings. It stands for the KarmaUpdated events of those three dimensions.
    event TaskOutcomeRecorded(
        address indexed agent,
        uint16 indexed domain,
        bool success,
        uint64 domainKarma,
        uint64 taskCompletion,
        uint64 responseTime,
        uint32 tasksCompleted,
        uint32 tasksFailed,
        address asset,
        uint256 earned,
        uint256 totalEarned
    );
    /// @notice Emitted when an agent sets how many delegation layers it accepts.
    event TrustDepthSet(address indexed agent, uint8 trustDepth);
    /// @notice Emitted when the owner grants or revokes the right to update karma.
    event UpdaterSet(address indexed updater, bool allowed);
    /// @notice Emitted when the owner changes the EMA learning rate.
    event AlphaSet(uint64 alpha);
    /// @notice Emitted when the owner changes the decay half-life.
    event HalfLifeSet(uint32 halfLife);

    /// @notice The caller may not update karma.
    error KarmaRegistryNotUpdater(address caller);
    /// @notice The dimension does not exist.
    error KarmaRegistryUnknownDimension(uint16 dimension);
    /// @notice A value outside [0, 1e18].
    error KarmaRegistryValueOutOfRange(uint256 value);
    /// @notice A half-life of zero or above the maximum.
    error KarmaRegistryInvalidHalfLife(uint32 halfLife);
    /// @notice No more dimensions can be defined.
    error KarmaRegistryTooManyDimensions();
    /// @notice A dimension name that is empty or already used.
    error KarmaRegistryInvalidName(string name);
    /// @notice The agent's value in `dimension` is below the requirement.
    error KarmaRegistryRequirementNotMet(address agent, uint16 dimension, uint64 actual, uint64 minimum);

    /// @notice Defines a new dimension and returns its id (ids start at 1).
    function defineDimension(
        string calldata name,
        DimensionKind kind,
        uint64 baseline
    ) external returns (uint16 dimension);
    /// @notice Grants or revokes the right to update karma (escrow, jury, governance).
    function setUpdater(address updater, bool allowed) external;
    /// @notice Sets the EMA learning rate, in (0, 1e18], in steps of 1e6 (a precision of 1e-12).
    function setAlpha(uint64 alpha) external;
    /// @notice Sets the decay half-life in seconds.
    function setHalfLife(uint32 halfLife) external;
    /// @notice Sets how many delegation layers the caller accepts to work at.
    function setTrustDepth(uint8 trustDepth) external;

    /// @notice Moves `agent`'s value in `dimension` toward `outcome` by `alpha * weight`.
    /// @param weight Attenuation in [0, 1e18]; 1e18 is a full update.
    function recordOutcome(address agent, uint16 dimension, uint64 outcome, uint64 weight) external;
    /// @notice Records a settled task: accuracy in `domain`, task completion and response time move
    /// by EMA, the counters and the earnings grow.
    /// @param responseScore 1e18 for an instant answer, 0 for one at the deadline.
    function recordTaskOutcome(
        address agent,
        uint16 domain,
        bool success,
        uint64 responseScore,
        address asset,
        uint256 earned
    ) external;

    /// @notice The current (decayed) value of `agent` in `dimension`.
    function karmaOf(address agent, uint16 dimension) external view returns (uint64);
    /// @notice The stored value and the time it was last updated, before decay.
    function storedKarma(address agent, uint16 dimension) external view returns (uint64 value, uint40 updatedAt);
    /// @notice Reverts with `KarmaRegistryRequirementNotMet` unless every requirement holds and
    /// every skill in `skills` is above zero.
    function checkRequirements(
        address agent,
        KarmaRequirement[] calldata requirements,
        uint16[] calldata skills
    ) external view;
    /// @notice The dimension's definition.
    function dimension(uint16 dimension) external view returns (Dimension memory);
    /// @notice How many dimensions exist (ids are 1..count).
    function dimensionCount() external view returns (uint16);
    /// @notice The agent's counters.
    function agentRecord(address agent) external view returns (AgentRecord memory);
    /// @notice Total earned by `agent` in `asset` (address(0) for the native asset).
    function earned(address agent, address asset) external view returns (uint256);
    /// @notice Whether `account` may update karma.
    function isUpdater(address account) external view returns (bool);
    /// @notice The EMA learning rate (1e18 = 1).
    function alpha() external view returns (uint64);
    /// @notice The decay half-life in seconds.
    function halfLife() external view returns (uint32);
}
